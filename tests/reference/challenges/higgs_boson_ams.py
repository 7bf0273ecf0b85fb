"""Expected AMS of higgs-boson-ams, with HiggsML per-part renormalisation.

Labels and weights of the real data come from the source files; only the
split (which events are test, public or private) is read from the imported
answer key.
"""
import glob
import os

import numpy as np
import pandas as pd

from common import SHARED, bundle, data_dir, read_csv, write_fixture


def ams(s, b, br=10.0):
    return float(np.sqrt(2 * ((s + b + br) * np.log(1 + s / (b + br)) - s)))


def by_part(events, selected):
    """events: Label, Weight, Usage; selected: boolean array (Class = s)."""
    signal = (events.Label == "s").to_numpy()
    weight = events.Weight.to_numpy()
    total_s = weight[signal].sum()
    total_b = weight[~signal].sum()
    out = {}
    for part in ["Public", "Private"]:
        rows = (events.Usage == part).to_numpy()
        w = weight.copy()
        w[signal] *= total_s / weight[rows & signal].sum()
        w[~signal] *= total_b / weight[rows & ~signal].sum()
        s = w[rows & signal & selected].sum()
        b = w[rows & ~signal & selected].sum()
        out[part.lower()] = ams(s, b)
    return out


def formula(test):
    """Closeness of the MMC mass to 125 GeV plus a little tau pt."""
    score = np.where(test.DER_mass_MMC == -999, -1000.0, -np.abs(test.DER_mass_MMC - 125))
    score = score + 0.01 * test.PRI_tau_pt.to_numpy()
    order = np.lexsort((test.EventId.to_numpy(), score))
    rank = np.empty(len(test), dtype=int)
    rank[order] = np.arange(1, len(test) + 1)
    return rank > len(test) - int(np.floor(0.2 * len(test)))


def values(folder, events):
    test = read_csv(os.path.join(folder, "public", "test.csv"))
    baseline = read_csv(os.path.join(folder, "public", "baseline-submission.csv"))
    events = events.set_index("EventId").loc[test.EventId].reset_index()
    assert (baseline.EventId == test.EventId).all()
    return {
        "baseline": by_part(events, (baseline.Class == "s").to_numpy()),
        "formula": by_part(events, formula(test)),
    }


data = data_dir()
demo = bundle(data, "demo", "higgs-boson-ams")
real = bundle(data, "real", "higgs-boson-ams")
demo_key = read_csv(os.path.join(demo, "hidden", "answer-key.csv"))
real_key = read_csv(os.path.join(real, "hidden", "answer-key.csv"))[["EventId", "Usage"]]
sources = pd.concat(
    [read_csv(f) for f in sorted(glob.glob(os.path.join(SHARED, "higgsml", "*.csv")))]
)
real_events = sources[["EventId", "Label", "Weight"]].merge(real_key, on="EventId")
write_fixture(
    "higgs-boson-ams",
    {"demo": values(demo, demo_key), "real": values(real, real_events)},
)
