"""Expected efficiencies of tracker-geometry, by brute force over all tubes."""
import os

import numpy as np
import pandas as pd

from common import SHARED, bundle, data_dir, read_csv, write_fixture

GEOMETRIES = {
    "stacked": {"y1": 0, "y2": 0, "y3": 0, "z1": 2, "z2": 4, "z3": 6},
    # The course's example submission file.
    "course_example": read_csv(
        os.path.join(SHARED, "week5_tracker", "sample_submission_file.csv")
    )
    .iloc[0][["y1", "y2", "y3", "z1", "z2", "z3"]]
    .astype(float)
    .to_dict(),
}


def efficiency(tracks, g):
    n = np.arange(-100, 101)
    z = np.cumsum([0, g["z1"], g["z2"], g["z3"]])
    y = np.cumsum([0, g["y1"], g["y2"], g["y3"]])
    # Every tube of every layer: 4 x 201 centres.
    centre_z = np.repeat(z, n.size)
    centre_y = (4.0 * n[None, :] + y[:, None]).ravel()
    k = tracks.k.to_numpy()[:, None]
    b = tracks.b.to_numpy()[:, None]
    distance = np.abs(k * centre_z[None, :] + b - centre_y[None, :]) * np.cos(np.arctan(k))
    hits = (distance < 1.0).sum(axis=1)
    return float(np.mean(hits >= 2))


def values(tracks_file):
    tracks = read_csv(tracks_file)
    return {name: efficiency(tracks, g) for name, g in GEOMETRIES.items()}


data = data_dir()
write_fixture(
    "tracker-geometry",
    {
        "geometries": GEOMETRIES,
        "demo": values(os.path.join(bundle(data, "demo", "tracker-geometry"), "public", "tracks.csv")),
        "real": values(os.path.join(SHARED, "week5_tracker", "tracks_seed42_n1000.csv")),
    },
)
