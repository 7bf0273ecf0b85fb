import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { computeMetric } from "../../scorers/index";
import { MetricInputError } from "../../scorers/types";
import {
  createRandom,
  randomBinaryLabels,
  randomInt,
  randomScores,
  randomWeights,
} from "./helpers/random";
import { assertClose, loadFixture } from "./helpers/fixtures";
import { pairwiseRocAuc } from "./helpers/reference";

function rocAuc(labels: number[], scores: number[], weights?: number[]) {
  return computeMetric("roc_auc", { labels, scores, weights });
}

describe("roc_auc", () => {
  it("scores the hand-worked example", () => {
    assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  });

  it("counts tied scores one half", () => {
    assert.equal(rocAuc([0, 0, 1, 1], [0.5, 0.5, 0.5, 0.8]), 0.75);
    assert.equal(rocAuc([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]), 0.5);
  });

  it("scores perfect and inverted rankings", () => {
    assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]), 1);
    assert.equal(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4]), 0);
  });

  it("applies weights to each pair", () => {
    // Pairs (signal, background): (0.35, 0.1) wins with weight 2 * 1,
    // (0.35, 0.4) loses with 2 * 3, (0.8, 0.1) wins with 1 * 1 and
    // (0.8, 0.4) wins with 1 * 3, so AUC = (2 + 1 + 3) / (3 * 4) = 0.5.
    assert.equal(
      rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], [1, 3, 2, 1]),
      0.5,
    );
  });

  it("ignores rows of weight zero", () => {
    const value = rocAuc([0, 0, 1, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.9], [
      1, 1, 1, 1, 0,
    ]);
    assert.equal(value, 0.75);
  });

  it("scores one row per class", () => {
    assert.equal(rocAuc([1, 0], [0.2, 0.1]), 1);
    assert.equal(rocAuc([1, 0], [0.1, 0.1]), 0.5);
  });

  it("matches the pairwise reference on random data", () => {
    const random = createRandom(20261204);
    for (let trial = 0; trial < 3000; trial++) {
      const n = 2 + randomInt(random, 40);
      const labels = randomBinaryLabels(random, n);
      const scores = randomScores(random, n, 1 + randomInt(random, 12));
      const weights = trial % 2 === 0 ? randomWeights(random, n) : undefined;
      weights?.splice(0, 1, 1);
      weights?.splice(n - 1, 1, 1);
      const expected = pairwiseRocAuc(labels, scores, weights);
      const actual = rocAuc(labels, scores, weights);
      assert.ok(
        Math.abs(actual - expected) < 1e-12,
        `trial ${trial}: ${actual} != ${expected}`,
      );
    }
  });

  it("matches the pairwise reference above the radix threshold", () => {
    const random = createRandom(99);
    const n = 6000;
    const labels = randomBinaryLabels(random, n);
    const scores = randomScores(random, n, 500);
    const weights = randomWeights(random, n);
    const expected = pairwiseRocAuc(labels, scores, weights);
    assert.ok(Math.abs(rocAuc(labels, scores, weights) - expected) < 1e-12);
  });

  it("matches scikit-learn fixtures", () => {
    const cases = loadFixture("roc-auc.json");
    assert.ok(cases.length >= 40);
    for (const fixture of cases) {
      const actual = computeMetric("roc_auc", fixture.input, fixture.params);
      assertClose(actual, fixture.expected, fixture.name);
    }
  });

  it("handles weights near the float64 limit", () => {
    const weights = [1e300, 3e300, 2e300, 1e300];
    const value = rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], weights);
    assertClose(value, 0.5, "value");
  });

  it("accepts typed arrays", () => {
    const value = computeMetric("roc_auc", {
      labels: new Uint8Array([0, 0, 1, 1]),
      scores: new Float32Array([0.1, 0.4, 0.35, 0.8]),
    });
    assert.equal(value, 0.75);
  });
});

describe("roc_auc rejections", () => {
  const cases: [string, Parameters<typeof computeMetric>[1], RegExp][] = [
    ["missing scores", { labels: [0, 1] }, /roc_auc requires scores, but it is missing/],
    ["length mismatch", { labels: [0, 1], scores: [0.1] }, /scores has 1 rows but labels has 2/],
    ["NaN score", { labels: [0, 1, 1], scores: [0.1, NaN, 0.2] }, /scores\[1\] is NaN/],
    ["infinite score", { labels: [0, 1], scores: [0.1, Infinity] }, /scores\[1\] is infinite/],
    ["label 2", { labels: [0, 2], scores: [0.1, 0.2] }, /labels\[1\] is not 0 or 1/],
    ["negative weight", { labels: [0, 1], scores: [0.1, 0.2], weights: [1, -1] }, /weights\[1\] is negative/],
    ["NaN weight", { labels: [0, 1], scores: [0.1, 0.2], weights: [NaN, 1] }, /weights\[0\] is NaN/],
    ["weights length", { labels: [0, 1], scores: [0.1, 0.2], weights: [1] }, /weights has 1 rows but labels has 2/],
    ["single class", { labels: [1, 1], scores: [0.1, 0.2] }, /background rows \(label 0\) have no rows/],
    ["zero-weight class", { labels: [0, 1], scores: [0.1, 0.2], weights: [1, 0] }, /signal rows \(label 1\) have no rows or a total weight that is not positive/],
    ["an overflowing weight sum", { labels: [0, 1, 1], scores: [0, 1, 1], weights: [1, 1e308, 1e308] }, /the sum of weights overflows a float64/],
    ["empty input", { labels: [], scores: [] }, /background rows \(label 0\) have no rows/],
  ];
  for (const [name, input, message] of cases) {
    it(`rejects ${name}`, () => {
      assert.throws(() => computeMetric("roc_auc", input), (error: unknown) => {
        assert.ok(error instanceof MetricInputError);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it("names the first offending index", () => {
    try {
      computeMetric("roc_auc", { labels: [0, 1, 1, 1], scores: [0, 1, NaN, NaN] });
      assert.fail("expected an error");
    } catch (error) {
      assert.ok(error instanceof MetricInputError);
      assert.equal(error.argument, "scores");
      assert.equal(error.index, 2);
    }
  });

  it("rejects unknown parameters", () => {
    assert.throws(
      () => computeMetric("roc_auc", { labels: [0, 1], scores: [0, 1] }, { max_fpr: 0.1 }),
      /Invalid parameters for roc_auc: .*max_fpr/,
    );
  });

  it("rejects an unknown metric id listing the known ones", () => {
    assert.throws(
      () => computeMetric("auc", { labels: [0, 1], scores: [0, 1] }),
      /Unknown metric "auc"\. Known metrics: .*roc_auc/,
    );
  });
});
