#!/usr/bin/python3
"""Write the metric fixtures in tests/fixtures/metrics/ from scikit-learn,
scipy and numpy.

Run with Debian's interpreter and packages (python3-sklearn,
python3-scipy):

    /usr/bin/python3 tests/reference/metrics/make_fixtures.py

Each fixture file is a JSON list of cases: {"name", "input", "params",
"expected"}, where "input" uses the field names of `arena metric`. The
values for the Flavours of Physics and hep_ml metrics come from numpy
transcriptions of their published formulas, written here independently of
the TypeScript code. The output is deterministic (fixed seeds).
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy.stats import ks_2samp
from sklearn.metrics import auc, log_loss, roc_auc_score, roc_curve

OUT_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "metrics"
)


def as_list(values):
    return [float(v) for v in values]


def random_binary(rng, n, levels, weighted, zero_weights=False):
    labels = rng.randint(0, 2, size=n)
    labels[0], labels[-1] = 0, 1
    scores = rng.randint(0, levels, size=n) / levels
    weights = np.round(rng.uniform(0, 3, size=n), 3) if weighted else None
    if weights is not None and zero_weights:
        weights[rng.uniform(size=n) < 0.2] = 0.0
        weights[0], weights[-1] = 1.0, 1.0
    return labels, scores, weights


def binary_case(name, labels, scores, weights, expected, params=None):
    data = {"labels": [int(v) for v in labels], "scores": as_list(scores)}
    if weights is not None:
        data["weights"] = as_list(weights)
    return {"name": name, "input": data, "params": params or {}, "expected": expected}


def truncated_auc(labels, scores, weights, thresholds, band_weights):
    """The Flavours of Physics weighted truncated AUC: clip the TPR of
    every ROC vertex to each threshold and integrate with sklearn's auc."""
    fpr, tpr, _ = roc_curve(
        labels, scores, sample_weight=weights, drop_intermediate=False
    )
    bounds = [0.0] + list(thresholds) + [1.0]
    area = 0.0
    for k in range(1, len(bounds)):
        upper = auc(fpr, np.minimum(tpr, bounds[k]))
        lower = auc(fpr, np.minimum(tpr, bounds[k - 1]))
        area += band_weights[k - 1] * (upper - lower)
    bounds = np.array(bounds)
    return area / np.sum((bounds[1:] - bounds[:-1]) * np.array(band_weights))


def ks_distance(labels, scores, weights, move_negative):
    """The starter kit's compute_ks: normalise each sample's weights and
    take max |fpr - tpr| of sklearn's ROC curve."""
    labels = np.array(labels).copy()
    weights = np.array(weights, dtype=float).copy()
    if move_negative:
        moved = (labels == 0) & (weights < 0)
        labels[moved] = 1
        weights[moved] = -weights[moved]
    weights[labels == 0] /= weights[labels == 0].sum()
    weights[labels == 1] /= weights[labels == 1].sum()
    fpr, tpr, _ = roc_curve(labels, scores, sample_weight=weights)
    return float(np.max(np.abs(fpr - tpr)))


def windowed_cvm(scores, mass, window, step):
    """The starter kit's compute_cvm, with a stable sort by mass."""
    by_mass = np.asarray(scores)[np.argsort(mass, kind="mergesort")]
    ranks = np.argsort(np.argsort(by_mass, kind="mergesort"), kind="mergesort")
    total = len(ranks)
    target = np.arange(1, total + 1, dtype=float) / total
    distances = []
    for start in range(0, total - window + 1, step):
        counts = np.cumsum(np.bincount(ranks[start:start + window], minlength=total))
        distances.append(np.mean((target - counts / counts[-1]) ** 2))
    return float(np.mean(distances))


def midpoint_cdf(weights):
    return np.cumsum(weights) - 0.5 * weights


def binned_cvm(scores, mass, bins):
    """hep_ml's BinBasedCvM with unit weights and every event uniform."""
    scores = np.asarray(scores, dtype=float)
    mass = np.asarray(mass, dtype=float)
    edges = np.linspace(mass.min(), mass.max(), bins + 1)[1:-1]
    bin_index = np.searchsorted(edges, mass)
    bin_weights = np.bincount(bin_index, minlength=bins) / len(mass)
    unique, inverse = np.unique(scores, return_inverse=True)
    global_weights = np.bincount(inverse) / len(scores)
    global_cdf = midpoint_cdf(global_weights)
    value = 0.0
    for b, bin_weight in enumerate(bin_weights):
        if bin_weight <= 0:
            continue
        local = np.bincount(inverse[bin_index == b], minlength=len(unique))
        local_cdf = midpoint_cdf(local / local.sum())
        value += bin_weight * np.average(
            (global_cdf - local_cdf) ** 2, weights=global_weights
        )
    return float(value)


def selection_sums(labels, scores, weights):
    labels, scores, weights = map(np.asarray, (labels, scores, weights))
    s = float(weights[(labels == 1) & (scores == 1)].sum())
    b = float(weights[(labels == 0) & (scores == 1)].sum())
    return s, b


def roc_auc_cases(rng):
    cases = [
        binary_case("hand example", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], None, 0.75),
        binary_case("all scores equal", [0, 1, 0, 1, 1], [0.3] * 5, None,
                    float(roc_auc_score([0, 1, 0, 1, 1], [0.3] * 5))),
        binary_case("one row per class", [1, 0], [0.2, 0.7], None,
                    float(roc_auc_score([1, 0], [0.2, 0.7]))),
    ]
    for trial in range(40):
        n = int(rng.randint(2, 300))
        weighted = trial % 2 == 0
        labels, scores, weights = random_binary(
            rng, n, int(rng.randint(1, 30)), weighted, zero_weights=trial % 4 == 0
        )
        expected = float(roc_auc_score(labels, scores, sample_weight=weights))
        cases.append(binary_case(f"random {trial}", labels, scores, weights, expected))
    return cases


def truncated_cases(rng):
    default = ((0.2, 0.4, 0.6, 0.8), (4, 3, 2, 1, 0))
    custom = ((0.1, 0.5), (1, 2, 0.5))
    cases = []
    labels = [1, 0, 1, 0]
    scores = [0.9, 0.8, 0.7, 0.1]
    cases.append(binary_case("hand example", labels, scores, None,
                             float(truncated_auc(labels, scores, None, *default))))
    labels = [0, 1, 1, 0]
    cases.append(binary_case("all scores equal", labels, [0.5] * 4, None,
                             float(truncated_auc(labels, [0.5] * 4, None, *default))))
    for trial in range(40):
        n = int(rng.randint(2, 300))
        labels, scores, weights = random_binary(
            rng, n, int(rng.randint(1, 40)), trial % 2 == 0, zero_weights=trial % 4 == 0
        )
        thresholds, band_weights = custom if trial % 5 == 0 else default
        params = {} if trial % 5 else {
            "tpr_thresholds": list(thresholds), "roc_weights": list(band_weights)
        }
        expected = float(truncated_auc(labels, scores, weights, thresholds, band_weights))
        cases.append(binary_case(f"random {trial}", labels, scores, weights, expected, params))
    return cases


def ks_cases(rng):
    cases = []
    # Unweighted samples: scipy's two-sample KS statistic is the same distance.
    for trial in range(10):
        n = int(rng.randint(2, 200))
        labels, scores, _ = random_binary(rng, n, int(rng.randint(1, 30)), False)
        expected = float(ks_2samp(scores[labels == 0], scores[labels == 1]).statistic)
        cases.append(binary_case(f"scipy unweighted {trial}", labels, scores,
                                 np.ones(n), expected))
    for trial in range(30):
        n = int(rng.randint(4, 300))
        labels, scores, _ = random_binary(rng, n, int(rng.randint(1, 30)), False)
        weights = np.round(rng.uniform(0, 2, size=n), 3)
        if trial % 2 == 0:
            # sWeights: some real events get a negative weight.
            negative = (labels == 0) & (rng.uniform(size=n) < 0.25)
            weights[negative] = -np.round(rng.uniform(0, 0.5, size=int(negative.sum())), 3)
            weights[0] = 5.0
        for variant in ("keep", "move_to_simulation"):
            move = variant == "move_to_simulation"
            expected = ks_distance(labels, scores, weights, move)
            cases.append(binary_case(f"random {trial} {variant}", labels, scores, weights,
                                     expected, {"negative_weights": variant}))
    return cases


def cvm_cases(rng):
    cases = []
    for trial in range(24):
        n = int(rng.randint(20, 400))
        mass = rng.permutation(n) * 0.5 + 1000.0
        levels = int(rng.randint(2, 50))
        scores = rng.randint(0, levels, size=n) / levels + 0.001 * (mass > 1100)
        if trial % 2 == 0:
            window = int(rng.randint(1, min(n, 60) + 1))
            step = int(rng.randint(1, 30))
            params = {"variant": "windowed", "window": window, "step": step}
            expected = windowed_cvm(scores, mass, window, step)
        else:
            bins = int(rng.randint(1, 16))
            # Repeated masses put some events exactly on bin edges.
            mass = np.round(mass / 20.0) * 20.0
            params = {"variant": "binned", "bins": bins}
            expected = binned_cvm(scores, mass, bins)
        cases.append({
            "name": f"random {trial} {params['variant']}",
            "input": {"scores": as_list(scores), "mass": as_list(mass)},
            "params": params,
            "expected": expected,
        })
    # Above 1024 events the TypeScript code sorts by radix, not comparator.
    n = 2000
    mass = rng.permutation(n).astype(float)
    scores = rng.uniform(size=n)
    cases.append({
        "name": "default windows",
        "input": {"scores": as_list(scores), "mass": as_list(mass)},
        "params": {},
        "expected": windowed_cvm(scores, mass, 200, 50),
    })
    return cases


def significance_cases(rng):
    cases = []
    for trial in range(20):
        n = int(rng.randint(2, 200))
        labels = rng.randint(0, 2, size=n)
        selection = rng.randint(0, 2, size=n)
        selection[0], labels[0] = 1, 0
        weights = np.round(rng.uniform(0, 2, size=n), 4)
        weights[0] = 0.5
        s, b = selection_sums(labels, selection, weights)
        data = {"labels": [int(v) for v in labels], "scores": as_list(selection),
                "weights": as_list(weights)}
        b_r = [10.0, 0.0, 2.5][trial % 3]
        ams = math.sqrt(2 * ((s + b + b_r) * math.log(1 + s / (b + b_r)) - s))
        cases.append({"name": f"ams {trial}", "metric": "ams", "input": data,
                      "params": {"b_r": b_r}, "expected": ams})
        cases.append({"name": f"s over sqrt b {trial}", "metric": "significance",
                      "input": data, "params": {"variant": "s_over_sqrt_b"},
                      "expected": s / math.sqrt(b)})
        cases.append({"name": f"s over sqrt s+b {trial}", "metric": "significance",
                      "input": data, "params": {"variant": "s_over_sqrt_s_plus_b"},
                      "expected": s / math.sqrt(s + b)})
    return cases


def log_loss_cases(rng):
    cases = []
    for trial in range(30):
        n = int(rng.randint(1, 200))
        classes = int(rng.randint(2, 6))
        labels = rng.randint(0, classes, size=n)
        probabilities = rng.dirichlet(np.ones(classes), size=n)
        if trial % 3 == 0:
            # Exact zeros and ones exercise the clipping.
            probabilities[rng.uniform(size=probabilities.shape) < 0.2] = 0.0
            probabilities[0, :] = 0.0
            probabilities[0, labels[0]] = 1.0
        if trial % 3 == 1:
            # Rows that do not sum to 1 exercise the renormalisation.
            probabilities = probabilities * rng.uniform(0.5, 1.0, size=(n, 1))
        weights = np.round(rng.uniform(0, 2, size=n), 3) if trial % 2 else None
        if weights is not None:
            weights[0] = 1.0
        expected = float(log_loss(labels, probabilities, eps=1e-15,
                                  sample_weight=weights, labels=list(range(classes))))
        data = {"labels": [int(v) for v in labels],
                "probabilities": [as_list(row) for row in probabilities]}
        if weights is not None:
            data["weights"] = as_list(weights)
        cases.append({"name": f"random {trial}", "input": data, "params": {},
                      "expected": expected})
    return cases


def roc_curve_cases(rng):
    cases = []
    for trial in range(12):
        n = int(rng.randint(2, 120))
        labels, scores, weights = random_binary(
            rng, n, int(rng.randint(1, 30)), trial % 2 == 0, zero_weights=trial % 4 == 0
        )
        fpr, tpr, thresholds = roc_curve(
            labels, scores, sample_weight=weights, drop_intermediate=False
        )
        case = binary_case(f"random {trial}", labels, scores, weights, None)
        # The first threshold is left out: scikit-learn 1.2 writes max + 1.
        case["expected"] = {"fpr": as_list(fpr), "tpr": as_list(tpr),
                            "thresholds": as_list(thresholds[1:])}
        cases.append(case)
    return cases


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    rng = np.random.RandomState(20261204)
    fixtures = {
        "roc-auc.json": roc_auc_cases(rng),
        "truncated-roc-auc.json": truncated_cases(rng),
        "ks-agreement.json": ks_cases(rng),
        "cvm-correlation.json": cvm_cases(rng),
        "significance.json": significance_cases(rng),
        "log-loss.json": log_loss_cases(rng),
        "roc-curve.json": roc_curve_cases(rng),
    }
    versions = {"sklearn": sklearn.__version__, "scipy": scipy.__version__,
                "numpy": np.__version__}
    for name, cases in fixtures.items():
        with open(os.path.join(OUT_DIR, name), "w") as handle:
            json.dump({"generated_with": versions, "cases": cases}, handle)
            handle.write("\n")
        print(f"wrote {len(cases)} cases to {name}", file=sys.stderr)


if __name__ == "__main__":
    main()
