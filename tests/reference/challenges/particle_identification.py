"""Expected log losses of particle-identification (sklearn.metrics.log_loss)."""
import os

import numpy as np
from sklearn.metrics import log_loss

from common import bundle, data_dir, read_csv, write_fixture

TYPES = ["Ghost", "Electron", "Muon", "Pion", "Kaon", "Proton"]


def formula(test):
    """Softmax of hand-made logits of the combined DLLs (Pion is 0)."""
    logits = np.column_stack(
        [
            4 * test.GhostProbability - 1,
            test.DLLelectron / 4,
            test.DLLmuon / 4,
            np.zeros(len(test)),
            test.DLLkaon / 4,
            test.DLLproton / 4,
        ]
    )
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def by_part(key, probabilities):
    labels = key.Label.map({t: i for i, t in enumerate(TYPES)}).to_numpy()
    out = {}
    for part in ["Public", "Private"]:
        rows = (key.Usage == part).to_numpy()
        out[part.lower()] = float(
            log_loss(labels[rows], probabilities[rows], labels=list(range(6)))
        )
    return out


def values(folder, labels_from=None):
    test = read_csv(os.path.join(folder, "public", "test.csv"))
    key = read_csv(os.path.join(folder, "hidden", "answer-key.csv"))
    baseline = read_csv(os.path.join(folder, "public", "baseline-submission.csv"))
    assert (test.ID == key.ID).all()
    assert (baseline.ID == key.ID).all()
    if labels_from is not None:
        # Find each imported test track in the source file by its features,
        # so the labels scored come from the source, not the answer key.
        source = read_csv(labels_from)
        features = [name for name in source.columns if name != "Label"]
        matched = test.merge(source, on=features, how="left", validate="one_to_one")
        assert matched.Label.notna().all()
        assert (matched.Label == key.Label).all()
        key = key.assign(Label=matched.Label)
    return {
        "baseline": by_part(key, baseline[TYPES].to_numpy()),
        "formula": by_part(key, formula(test)),
    }


data = data_dir()
demo = bundle(data, "demo", "particle-identification")
write_fixture(
    "particle-identification",
    {
        "demo": values(demo),
        "course_format": values(
            bundle(data, "course-format", "particle-identification"),
            labels_from=os.path.join(demo, "public", "training.csv"),
        ),
    },
)
