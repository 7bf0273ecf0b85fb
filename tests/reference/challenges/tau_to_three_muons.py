"""Expected scores and checks of tau-to-three-muons.

Truncated AUC: sklearn.metrics.roc_curve (drop_intermediate=False) with
the TPR clipped per band and integrated by sklearn.metrics.auc, as the
Flavours of Physics starter kit did. KS and CvM are written out here from
their definitions. The correlation values on real data use the real
check_correlation.csv.gz itself.
"""
import os

import numpy as np
from sklearn.metrics import auc, roc_curve

from common import SHARED, bundle, data_dir, read_csv, write_fixture


def truncated_auc(labels, scores):
    fpr, tpr, _ = roc_curve(labels, scores, drop_intermediate=False)
    t = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    w = [4, 3, 2, 1, 0]
    area = 0.0
    for k in range(1, len(t)):
        area += w[k - 1] * (auc(fpr, np.minimum(tpr, t[k])) - auc(fpr, np.minimum(tpr, t[k - 1])))
    return float(area / np.sum((np.array(t[1:]) - np.array(t[:-1])) * np.array(w)))


def ks(labels, scores, weights):
    real = labels == 0
    w_real = np.where(real, weights, 0.0) / weights[real].sum()
    w_sim = np.where(~real, weights, 0.0) / weights[~real].sum()
    order = np.argsort(scores, kind="mergesort")
    s = scores[order]
    c_real = np.cumsum(w_real[order])
    c_sim = np.cumsum(w_sim[order])
    last = np.r_[s[1:] != s[:-1], True]  # end of each group of tied scores
    return float(np.max(np.abs(c_real[last] - c_sim[last])))


def cvm(scores, mass, window=200, step=50):
    by_mass = np.argsort(mass, kind="mergesort")
    ranks = np.argsort(np.argsort(scores[by_mass], kind="mergesort"), kind="mergesort")
    n = len(ranks)
    target = np.arange(1, n + 1) / n
    values = []
    for start in range(0, n - window + 1, step):
        counts = np.bincount(ranks[start : start + window], minlength=n)
        values.append(np.mean((target - np.cumsum(counts) / window) ** 2))
    return float(np.mean(values))


def formula(frame):
    z = 0.5 * np.log1p(frame.IPSig) - 0.1 * frame.VertexChi2 + 0.3 * np.log(frame.p0_pt / 1000)
    return (1 / (1 + np.exp(-z))).to_numpy()


def scores_of(key, predictions):
    test = (key.role == "test").to_numpy()
    out = {}
    for part in ["Public", "Private"]:
        rows = test & (key.Usage == part).to_numpy()
        out[part.lower()] = truncated_auc(key.signal.to_numpy()[rows], predictions[rows])
    agreement = (key.role == "agreement").to_numpy()
    correlation = (key.role == "correlation").to_numpy()
    out["ks"] = ks(key.signal.to_numpy()[agreement], predictions[agreement], key.weight.to_numpy()[agreement])
    out["cvm"] = cvm(predictions[correlation], key.mass.to_numpy()[correlation])
    return out


def values(folder):
    test = read_csv(os.path.join(folder, "public", "test.csv"))
    key = read_csv(os.path.join(folder, "hidden", "answer-key.csv"))
    baseline = read_csv(os.path.join(folder, "public", "baseline-submission.csv"))
    assert (test.id == key.id).all()
    assert (baseline.id == key.id).all()
    return {
        "baseline": scores_of(key, baseline.prediction.to_numpy()),
        "formula": scores_of(key, formula(test)),
    }


data = data_dir()
real_sample = read_csv(os.path.join(SHARED, "week3_tau3mu", "check_correlation.csv.gz"))
real = values(bundle(data, "real", "tau-to-three-muons"))
real["source_cvm"] = {
    "formula": cvm(formula(real_sample), real_sample.mass.to_numpy()),
    "constant": cvm(np.full(len(real_sample), 0.5), real_sample.mass.to_numpy()),
}
write_fixture(
    "tau-to-three-muons",
    {"demo": values(bundle(data, "demo", "tau-to-three-muons")), "real": real},
)
