import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  mergeReferenceLines,
  type LeaderboardEntryRow,
  type TableRow,
} from "../../app/_lib/leaderboard-rows.ts";

function entry(key: string, score: number): LeaderboardEntryRow {
  return {
    key,
    rank: null,
    name: key,
    score,
    entries: 1,
    lastEntryAt: null,
    isBenchmark: false,
  };
}

function labels(rows: TableRow[]): string[] {
  return rows.map((row) => (row.type === "entry" ? row.entry.key : `--${row.line.label}`));
}

describe("mergeReferenceLines", () => {
  const lines = [
    { label: "pass", value: 0.6 },
    { label: "full marks", value: 0.525 },
  ];

  it("places minimize lines after reaching entries", () => {
    const entries = [entry("a", 0.5), entry("b", 0.525), entry("c", 0.58), entry("d", 0.7)];
    assert.deepEqual(labels(mergeReferenceLines(entries, lines, "minimize")), [
      "a",
      "b",
      "--full marks",
      "c",
      "--pass",
      "d",
    ]);
  });

  it("places maximize lines after reaching entries", () => {
    const entries = [entry("a", 0.9), entry("b", 0.7), entry("c", 0.4)];
    const maximizeLines = [
      { label: "baseline", value: 0.5 },
      { label: "target", value: 0.8 },
    ];
    assert.deepEqual(labels(mergeReferenceLines(entries, maximizeLines, "maximize")), [
      "a",
      "--target",
      "b",
      "--baseline",
      "c",
    ]);
  });

  it("puts unreached lines on top", () => {
    const entries = [entry("a", 0.9)];
    assert.deepEqual(labels(mergeReferenceLines(entries, lines, "minimize")), [
      "--full marks",
      "--pass",
      "a",
    ]);
  });

  it("puts lines below all entries last", () => {
    const entries = [entry("a", 0.1), entry("b", 0.2)];
    assert.deepEqual(labels(mergeReferenceLines(entries, lines, "minimize")), [
      "a",
      "b",
      "--full marks",
      "--pass",
    ]);
  });

  it("returns only lines for an empty board", () => {
    assert.deepEqual(labels(mergeReferenceLines([], lines, "minimize")), [
      "--full marks",
      "--pass",
    ]);
  });
});
