"""Expected ROC AUCs of em-showers (sklearn.metrics.roc_auc_score)."""
import os

import numpy as np
from sklearn.metrics import roc_auc_score

from common import bundle, data_dir, read_csv, write_fixture


def by_part(key, scores):
    out = {}
    for part in ["Public", "Private"]:
        rows = (key.Usage == part).to_numpy()
        out[part.lower()] = float(roc_auc_score(key.signal[rows], scores[rows]))
    return out


folder = bundle(data_dir(), "demo", "em-showers")
test = read_csv(os.path.join(folder, "public", "test.csv"))
key = read_csv(os.path.join(folder, "hidden", "answer-key.csv"))
baseline = read_csv(os.path.join(folder, "public", "baseline-submission.csv"))
assert (test.id == key.id).all()
assert (baseline.id == key.id).all()
formula = np.exp(-(test.TX**2 + test.TY**2) / 0.02) / (1 + 0.1 * test.chi2)
write_fixture(
    "em-showers",
    {
        "demo": {
            "baseline": by_part(key, baseline.signal.to_numpy()),
            "formula": by_part(key, formula.to_numpy()),
        }
    },
)
