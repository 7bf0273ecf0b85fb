import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { rocCurve } from "../../scorers/roc-curve";
import { MetricInputError } from "../../scorers/types";
import { createRandom, randomBinaryLabels, randomScores } from "./helpers/random";
import { bruteForceRocVertices, trapezoid } from "./helpers/reference";
import { computeMetric } from "../../scorers/index";
import { assertClose, loadFixture } from "./helpers/fixtures";

describe("rocCurve", () => {
  it("returns every vertex of a small curve", () => {
    const curve = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    assert.deepEqual(curve.fpr, [0, 0, 0.5, 0.5, 1]);
    assert.deepEqual(curve.tpr, [0, 0.5, 0.5, 1, 1]);
    assert.deepEqual(curve.thresholds, [Infinity, 0.8, 0.4, 0.35, 0.1]);
  });

  it("groups tied scores into one vertex", () => {
    const curve = rocCurve([0, 1, 1, 0], [0.5, 0.5, 0.9, 0.1]);
    assert.deepEqual(curve.thresholds, [Infinity, 0.9, 0.5, 0.1]);
    assert.deepEqual(curve.tpr, [0, 0.5, 1, 1]);
    assert.deepEqual(curve.fpr, [0, 0, 0.5, 1]);
  });

  it("skips scores of zero-weight rows only", () => {
    const curve = rocCurve([0, 1, 0], [0.2, 0.6, 0.4], [1, 1, 0]);
    assert.deepEqual(curve.thresholds, [Infinity, 0.6, 0.2]);
  });

  it("matches the brute-force vertices", () => {
    const random = createRandom(11);
    for (let trial = 0; trial < 200; trial++) {
      const labels = randomBinaryLabels(random, 30);
      const scores = randomScores(random, 30, 12);
      const curve = rocCurve(labels, scores);
      const expected = bruteForceRocVertices(labels, scores);
      assert.deepEqual(curve.fpr, expected.fpr);
      assert.deepEqual(curve.tpr, expected.tpr);
    }
  });

  it("matches scikit-learn roc_curve vertices", () => {
    const cases = loadFixture("roc-curve.json");
    assert.ok(cases.length >= 10);
    for (const fixture of cases) {
      const { labels, scores, weights } = fixture.input;
      const curve = rocCurve(labels ?? [], scores ?? [], weights, 1000);
      const expected = fixture.expected as unknown as {
        fpr: number[];
        tpr: number[];
        thresholds: number[];
      };
      assert.equal(curve.fpr.length, expected.fpr.length, fixture.name);
      curve.fpr.forEach((value, i) => {
        assertClose(value, expected.fpr[i] as number, `${fixture.name} fpr`);
      });
      curve.tpr.forEach((value, i) => {
        assertClose(value, expected.tpr[i] as number, `${fixture.name} tpr`);
      });
      assert.equal(curve.thresholds[0], Infinity);
      assert.deepEqual(curve.thresholds.slice(1), expected.thresholds);
    }
  });

  it("downsamples to at most maxPoints", () => {
    const random = createRandom(12);
    const n = 20000;
    const labels = randomBinaryLabels(random, n);
    const scores = Array.from({ length: n }, (_, i) => random() + labels[i]! * 0.3);
    for (const maxPoints of [2, 3, 10, 200]) {
      const curve = rocCurve(labels, scores, undefined, maxPoints);
      assert.ok(curve.fpr.length <= maxPoints, `${curve.fpr.length} > ${maxPoints}`);
      assert.equal(curve.tpr.length, curve.fpr.length);
      assert.equal(curve.thresholds.length, curve.fpr.length);
      assert.equal(curve.fpr[0], 0);
      assert.equal(curve.tpr[0], 0);
      assert.equal(curve.fpr.at(-1), 1);
      assert.equal(curve.tpr.at(-1), 1);
    }
  });

  it("keeps downsampled vertices on the curve", () => {
    const random = createRandom(13);
    const n = 5000;
    const labels = randomBinaryLabels(random, n);
    const scores = Array.from({ length: n }, (_, i) => random() + labels[i]! * 0.5);
    const full = rocCurve(labels, scores, undefined, n + 1);
    const small = rocCurve(labels, scores, undefined, 100);
    assert.ok(small.fpr.length >= 90, `only ${small.fpr.length} vertices`);
    small.thresholds.forEach((threshold, i) => {
      const j = full.thresholds.indexOf(threshold);
      assert.ok(j >= 0, `threshold ${threshold} is not a vertex`);
      assert.equal(small.fpr[i], full.fpr[j]);
      assert.equal(small.tpr[i], full.tpr[j]);
    });
    // Thresholds stay strictly decreasing.
    for (let i = 1; i < small.thresholds.length; i++) {
      assert.ok(small.thresholds[i]! < small.thresholds[i - 1]!);
    }
    const auc = computeMetric("roc_auc", { labels, scores });
    assert.ok(Math.abs(trapezoid(small.fpr, small.tpr) - auc) < 0.01);
  });

  it("rejects maxPoints below 2", () => {
    assert.throws(() => rocCurve([0, 1], [0, 1], undefined, 1), /maxPoints must be an integer of at least 2, got 1/);
  });

  it("rejects a single class", () => {
    assert.throws(
      () => rocCurve([1, 1], [0, 1]),
      (error: unknown) => error instanceof MetricInputError && /background rows/.test(error.message),
    );
  });
});
