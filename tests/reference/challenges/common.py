"""Shared helpers of the challenge reference scripts (numpy, pandas, sklearn).

Each script reads the data written by build-data.ts (demo data with the
default seed, and the real data imported from ../shared/data), computes
the expected scores independently of the TypeScript code, and writes them
to tests/fixtures/challenges/<slug>.json.
"""
import json
import os
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SHARED = os.path.abspath(os.path.join(REPO, "..", "shared", "data"))


def data_dir():
    if len(sys.argv) != 2:
        sys.exit("usage: python3 SCRIPT DATA_DIR (the output folder of build-data.ts)")
    return sys.argv[1]


def bundle(data, kind, slug):
    return os.path.join(data, kind, slug)


def write_fixture(slug, values):
    script = os.path.basename(sys.argv[0])
    values = {
        "command": "npx tsx tests/reference/challenges/build-data.ts DATA && "
        f"python3 tests/reference/challenges/{script} DATA",
        **values,
    }
    path = os.path.join(REPO, "tests", "fixtures", "challenges", f"{slug}.json")
    with open(path, "w") as out:
        json.dump(values, out, indent=2)
        out.write("\n")
    print(f"wrote {path}")


def read_csv(path, **options):
    """pandas.read_csv with exact (round-trip) parsing of decimals."""
    import pandas as pd

    return pd.read_csv(path, float_precision="round_trip", **options)
