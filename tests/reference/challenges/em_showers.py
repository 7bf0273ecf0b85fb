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


def values(folder, labels_from=None):
    test = read_csv(os.path.join(folder, "public", "test.csv"))
    key = read_csv(os.path.join(folder, "hidden", "answer-key.csv"))
    baseline = read_csv(os.path.join(folder, "public", "baseline-submission.csv"))
    assert (test.id == key.id).all()
    assert (baseline.id == key.id).all()
    if labels_from is not None:
        # Find each imported test basetrack in the source file, so the
        # labels scored come from the source, not the answer key.
        source = read_csv(labels_from)
        columns = ["data_ind", "X", "Y", "Z", "TX", "TY", "chi2"]
        matched = test.merge(source, on=columns, how="left", validate="one_to_one")
        assert matched.signal.notna().all()
        assert (matched.signal == key.signal).all()
        key = key.assign(signal=matched.signal)
    formula = np.exp(-(test.TX**2 + test.TY**2) / 0.02) / (1 + 0.1 * test.chi2)
    return {
        "baseline": by_part(key, baseline.signal.to_numpy()),
        "formula": by_part(key, formula.to_numpy()),
    }


data = data_dir()
demo = bundle(data, "demo", "em-showers")
write_fixture(
    "em-showers",
    {
        "demo": values(demo),
        "course_format": values(
            bundle(data, "course-format", "em-showers"),
            labels_from=os.path.join(demo, "public", "training.csv"),
        ),
    },
)
