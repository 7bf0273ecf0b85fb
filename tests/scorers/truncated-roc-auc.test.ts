import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { computeMetric } from "../../scorers/index";
import { assertClose, loadFixture } from "./helpers/fixtures";
import {
  createRandom,
  randomBinaryLabels,
  randomInt,
  randomScores,
  randomWeights,
} from "./helpers/random";
import { bruteForceTruncatedAuc } from "./helpers/reference";

const DEFAULT_THRESHOLDS = [0.2, 0.4, 0.6, 0.8];
const DEFAULT_WEIGHTS = [4, 3, 2, 1, 0];

function truncated(
  labels: number[],
  scores: number[],
  weights?: number[],
  params?: unknown,
) {
  return computeMetric("truncated_roc_auc", { labels, scores, weights }, params);
}

describe("truncated_roc_auc", () => {
  it("scores the hand-worked example", () => {
    assertClose(truncated([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]), 0.9, "value");
  });

  it("scores a perfect ranking 1", () => {
    assert.equal(truncated([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]), 1);
  });

  it("scores an inverted ranking 0", () => {
    assert.equal(truncated([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4]), 0);
  });

  it("scores all-equal scores 0.5", () => {
    // One segment from (0, 0) to (1, 1) with no vertex in between, so each
    // band's area is half its perfect area.
    assertClose(truncated([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]), 0.5, "value");
  });

  it("approaches 0.7 for a random classifier", () => {
    const random = createRandom(5);
    const n = 200000;
    const labels = randomBinaryLabels(random, n);
    const scores = Array.from({ length: n }, () => random());
    const value = truncated(labels, scores);
    assert.ok(Math.abs(value - 0.7) < 0.01, `value ${value}`);
  });

  it("equals roc_auc with equal band weights", () => {
    const random = createRandom(8);
    const labels = randomBinaryLabels(random, 300);
    const scores = randomScores(random, 300, 25);
    // With equal weights the band areas add up to A(1) - A(0), the AUC.
    const value = truncated(labels, scores, undefined, {
      tpr_thresholds: [0.5],
      roc_weights: [1, 1],
    });
    assertClose(value, computeMetric("roc_auc", { labels, scores }), "value");
  });

  it("matches the brute-force reference on random data", () => {
    const random = createRandom(1234);
    for (let trial = 0; trial < 1500; trial++) {
      const n = 2 + randomInt(random, 40);
      const labels = randomBinaryLabels(random, n);
      const scores = randomScores(random, n, 1 + randomInt(random, 15));
      const weights = trial % 2 === 0 ? randomWeights(random, n) : undefined;
      weights?.splice(0, 1, 1);
      weights?.splice(n - 1, 1, 1);
      const custom = trial % 3 === 0;
      const thresholds = custom ? [0.15, 0.5, 0.55] : DEFAULT_THRESHOLDS;
      const bandWeights = custom ? [2, 0, 1, 3] : DEFAULT_WEIGHTS;
      const params = custom
        ? { tpr_thresholds: thresholds, roc_weights: bandWeights }
        : undefined;
      const expected = bruteForceTruncatedAuc(
        labels,
        scores,
        weights,
        thresholds,
        bandWeights,
      );
      assertClose(
        truncated(labels, scores, weights, params),
        expected,
        `trial ${trial}`,
      );
    }
  });

  it("matches the reference above the radix threshold", () => {
    const random = createRandom(4444);
    const n = 3000;
    const labels = randomBinaryLabels(random, n);
    const scores = randomScores(random, n, 200);
    const weights = randomWeights(random, n);
    const expected = bruteForceTruncatedAuc(
      labels,
      scores,
      weights,
      DEFAULT_THRESHOLDS,
      DEFAULT_WEIGHTS,
    );
    assertClose(truncated(labels, scores, weights), expected, "value");
  });

  it("matches scikit-learn fixtures", () => {
    const cases = loadFixture("truncated-roc-auc.json");
    assert.ok(cases.length >= 40);
    for (const fixture of cases) {
      const actual = computeMetric(
        "truncated_roc_auc",
        fixture.input,
        fixture.params,
      );
      assertClose(actual, fixture.expected, fixture.name);
    }
  });
});

describe("truncated_roc_auc rejections", () => {
  const cases: [string, unknown, RegExp][] = [
    [
      "decreasing thresholds",
      { tpr_thresholds: [0.5, 0.3], roc_weights: [1, 1, 1] },
      /tpr_thresholds: must be strictly increasing/,
    ],
    [
      "threshold of 1",
      { tpr_thresholds: [1], roc_weights: [1, 1] },
      /tpr_thresholds\.0: .*<1/,
    ],
    [
      "wrong weight count",
      { tpr_thresholds: [0.5], roc_weights: [1] },
      /roc_weights: needs one more entry than tpr_thresholds/,
    ],
    [
      "all-zero weights",
      { tpr_thresholds: [0.5], roc_weights: [0, 0] },
      /roc_weights: needs at least one positive entry/,
    ],
    [
      "negative weight",
      { tpr_thresholds: [0.5], roc_weights: [1, -1] },
      /roc_weights\.1: .*>=0/,
    ],
  ];
  for (const [name, params, message] of cases) {
    it(`rejects ${name}`, () => {
      assert.throws(() => truncated([0, 1], [0, 1], undefined, params), message);
    });
  }

  it("rejects a single class", () => {
    assert.throws(
      () => truncated([0, 0], [0.1, 0.2]),
      /truncated_roc_auc is undefined: the signal rows \(label 1\) have no rows/,
    );
  });

  it("rejects a NaN score", () => {
    assert.throws(() => truncated([0, 1], [NaN, 1]), /scores\[0\] is NaN/);
  });
});
