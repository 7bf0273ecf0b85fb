import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  detailLabel,
  parseChecks,
  parsePeakDetails,
  parseRocCurve,
  scalarDetails,
} from "../../app/_lib/submission-view.ts";

describe("parseChecks", () => {
  it("keeps well-formed checks", () => {
    const checks = parseChecks([
      { name: "agreement", title: "KS", metric: "ks", value: 0.05, comparison: "<", threshold: 0.09, passed: true },
    ]);
    assert.equal(checks.length, 1);
    assert.equal(checks[0]?.name, "agreement");
    assert.equal(checks[0]?.passed, true);
  });

  it("returns no checks for malformed values", () => {
    assert.deepEqual(parseChecks(null), []);
    assert.deepEqual(parseChecks({ name: "x" }), []);
    assert.deepEqual(parseChecks([{ name: "x", threshold: "high", passed: true, value: 1 }]), []);
  });
});

describe("parseRocCurve", () => {
  it("accepts matching rate arrays", () => {
    const curve = parseRocCurve({ fpr: [0, 0.5, 1], tpr: [0, 0.8, 1] });
    assert.deepEqual(curve, { fpr: [0, 0.5, 1], tpr: [0, 0.8, 1] });
  });

  it("rejects mismatched or missing arrays", () => {
    assert.equal(parseRocCurve({ fpr: [0, 1], tpr: [0, 0.5, 1] }), undefined);
    assert.equal(parseRocCurve({ fpr: [0, 1] }), undefined);
    assert.equal(parseRocCurve(null), undefined);
  });
});

describe("parsePeakDetails", () => {
  it("reads the histogram and curve", () => {
    const peak = parsePeakDetails({
      histogram: { edges: [0, 1, 2], centres: [0.5, 1.5], counts: [3, 4] },
      curve: [2.5, 4.5],
      selectedEvents: 7,
    });
    assert.deepEqual(peak, { centres: [0.5, 1.5], counts: [3, 4], curve: [2.5, 4.5] });
  });

  it("ignores other detail shapes", () => {
    assert.equal(parsePeakDetails({ tracks: 1000 }), undefined);
    assert.equal(parsePeakDetails(undefined), undefined);
  });
});

describe("scalarDetails", () => {
  it("keeps top-level scalars only", () => {
    assert.deepEqual(
      scalarDetails({ tracks: 1000, label: "z", ok: true, histogram: { counts: [1] }, list: [1] }),
      [
        ["tracks", 1000],
        ["label", "z"],
        ["ok", true],
      ],
    );
  });

  it("returns nothing for non-objects", () => {
    assert.deepEqual(scalarDetails([1, 2]), []);
    assert.deepEqual(scalarDetails(null), []);
    assert.deepEqual(scalarDetails(3), []);
  });
});

describe("detailLabel", () => {
  it("splits camel case keys into words", () => {
    assert.equal(detailLabel("selectedEvents"), "Selected events");
  });

  it("splits snake case keys into words", () => {
    assert.equal(detailLabel("selected_events"), "Selected events");
  });

  it("capitalises a one-word key", () => {
    assert.equal(detailLabel("tracks"), "Tracks");
  });
});
