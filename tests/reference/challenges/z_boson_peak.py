"""Expected objective values of z-boson-peak, from the event files."""
import json
import os

import numpy as np
import pandas as pd

from common import SHARED, bundle, data_dir, read_csv, write_fixture

SUBMITTED = {"m0": 91.1, "sigma": 2.6, "amplitude": 4500.0, "background": 8.0}


def objective(events, p):
    sel = events[
        (events.Q1 * events.Q2 < 0)
        & (events.iso1 < 3)
        & (events.iso2 < 3)
        & (events.dxy1.abs() < 0.2)
        & (events.dxy2.abs() < 0.2)
    ]
    mass = np.sqrt(
        2 * sel.pt1 * sel.pt2 * (np.cosh(sel.eta1 - sel.eta2) - np.cos(sel.phi1 - sel.phi2))
    ).to_numpy()
    counts, edges = np.histogram(mass, bins=120)
    x = (edges[:-1] + edges[1:]) / 2
    model = p["background"] + p["amplitude"] / (p["sigma"] * np.sqrt(2 * np.pi)) * np.exp(
        -((x - p["m0"]) ** 2) / (2 * p["sigma"] ** 2)
    )
    return float(np.mean((counts - model) ** 2)), int(len(mass))


def values(folder, events_file):
    events = read_csv(events_file)
    with open(os.path.join(folder, "public", "baseline.json")) as f:
        baseline = json.load(f)
    submitted, selected = objective(events, SUBMITTED)
    return {
        "selected_events": selected,
        "baseline": baseline,
        "baseline_value": objective(events, baseline)[0],
        "submitted": SUBMITTED,
        "submitted_value": submitted,
    }


data = data_dir()
demo = bundle(data, "demo", "z-boson-peak")
real = bundle(data, "real", "z-boson-peak")
write_fixture(
    "z-boson-peak",
    {
        "demo": values(demo, os.path.join(demo, "public", "dimuon-events.csv")),
        # The real values read Zmumu.csv itself, not the imported copy.
        "real": values(real, os.path.join(SHARED, "week1_zmumu", "Zmumu.csv")),
    },
)
