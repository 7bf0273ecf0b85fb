import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { computeMetric } from "../../scorers/index";
import { MetricInputError } from "../../scorers/types";
import { assertClose, loadFixture } from "./helpers/fixtures";
import { createRandom, randomInt } from "./helpers/random";

const example = {
  labels: [1, 1, 0, 0],
  scores: [1, 0, 1, 0],
  weights: [3, 5, 2, 7],
};

/** Computes s and b by filtering the selected rows of each class. */
function referenceSums(labels: number[], scores: number[], weights: number[]) {
  const selected = labels
    .map((label, i) => ({ label, weight: weights[i] as number }))
    .filter((_, i) => scores[i] === 1);
  const total = (label: number) =>
    selected
      .filter((row) => row.label === label)
      .reduce((sum, row) => sum + row.weight, 0);
  return { s: total(1), b: total(0) };
}

describe("ams", () => {
  it("scores the hand-worked example", () => {
    const value = computeMetric("ams", example, { b_r: 0 });
    assertClose(value, Math.sqrt(2 * (5 * Math.log(2.5) - 3)), "value");
    assert.equal(value.toFixed(4), "1.7785");
  });

  it("uses b_r 10 by default", () => {
    const expected = Math.sqrt(2 * (15 * Math.log(1 + 3 / 12) - 3));
    assertClose(computeMetric("ams", example), expected, "value");
  });

  it("scores an empty selection 0", () => {
    const input = { ...example, scores: [0, 0, 0, 0] };
    assert.equal(computeMetric("ams", input), 0);
  });

  it("scores background only 0", () => {
    const input = { labels: [0, 0], scores: [1, 1], weights: [1, 2] };
    assert.equal(computeMetric("ams", input), 0);
  });

  it("stays finite for a tiny signal", () => {
    const input = { labels: [1, 0], scores: [1, 1], weights: [1e-12, 1e6] };
    const value = computeMetric("ams", input);
    assert.ok(value >= 0, `value ${value}`);
    assert.ok(value < 1e-6, `value ${value}`);
  });

  it("approaches s / sqrt(b) for small s", () => {
    const input = { labels: [1, 0], scores: [1, 1], weights: [1, 1e6] };
    const value = computeMetric("ams", input, { b_r: 0 });
    assertClose(value, 1 / 1000, "value", 1e-6);
  });

  it("matches the formula on random data", () => {
    const random = createRandom(3690);
    for (let trial = 0; trial < 1000; trial++) {
      const n = 1 + randomInt(random, 30);
      const labels = Array.from({ length: n }, () => randomInt(random, 2));
      const scores = Array.from({ length: n }, () => randomInt(random, 2));
      const weights = Array.from({ length: n }, () => random() * 3);
      const bR = [10, 0.5, 3][trial % 3] as number;
      const { s, b } = referenceSums(labels, scores, weights);
      if (b + bR === 0) continue;
      const expected = Math.sqrt(
        2 * ((s + b + bR) * Math.log(1 + s / (b + bR)) - s),
      );
      const value = computeMetric(
        "ams",
        { labels, scores, weights },
        { b_r: bR },
      );
      assertClose(value, expected, `trial ${trial}`, 1e-10);
    }
  });

  it("matches numpy fixtures", () => {
    const cases = loadFixture("significance.json");
    assert.ok(cases.length >= 60);
    for (const fixture of cases) {
      const metric = fixture.metric as string;
      const actual = computeMetric(metric, fixture.input, fixture.params);
      assertClose(actual, fixture.expected, fixture.name, 1e-10);
    }
  });
});

describe("significance", () => {
  it("computes s over sqrt b", () => {
    const value = computeMetric("significance", example);
    assertClose(value, 3 / Math.sqrt(2), "value");
  });

  it("computes s over sqrt s plus b", () => {
    const value = computeMetric("significance", example, {
      variant: "s_over_sqrt_s_plus_b",
    });
    assertClose(value, 3 / Math.sqrt(5), "value");
  });

  it("scores signal only with s over sqrt s plus b", () => {
    const input = { labels: [1, 1], scores: [1, 1], weights: [4, 5] };
    const value = computeMetric("significance", input, {
      variant: "s_over_sqrt_s_plus_b",
    });
    assert.equal(value, 3);
  });
});

describe("ams and significance rejections", () => {
  it("rejects a score that is not 0 or 1", () => {
    const input = { ...example, scores: [1, 0.5, 1, 0] };
    assert.throws(
      () => computeMetric("ams", input),
      (error: unknown) => {
        assert.ok(error instanceof MetricInputError);
        assert.equal(error.index, 1);
        assert.match(
          error.message,
          /scores\[1\] is 0\.5; ams needs a selection: 1 for an event classified as signal, 0 otherwise/,
        );
        return true;
      },
    );
  });

  it("rejects b + b_r of 0", () => {
    const input = { labels: [1], scores: [1], weights: [2] };
    assert.throws(
      () => computeMetric("ams", input, { b_r: 0 }),
      /ams is undefined: b \+ b_r \(use b_r > 0\) is 0 for the selected events/,
    );
  });

  it("rejects b of 0 for s over sqrt b", () => {
    const input = { labels: [1], scores: [1], weights: [2] };
    assert.throws(
      () => computeMetric("significance", input),
      /significance is undefined: b is 0 for the selected events/,
    );
  });

  it("rejects an empty selection for s over sqrt s plus b", () => {
    const input = { labels: [1], scores: [0], weights: [2] };
    assert.throws(
      () =>
        computeMetric("significance", input, {
          variant: "s_over_sqrt_s_plus_b",
        }),
      /significance is undefined: s \+ b is 0 for the selected events/,
    );
  });

  it("rejects an overflowing value", () => {
    const input = { labels: [1, 0], scores: [1, 1], weights: [1, 1e-320] };
    assert.throws(
      () => computeMetric("ams", input, { b_r: 0 }),
      /ams overflows a float64 because the background weight is tiny/,
    );
  });

  it("rejects a negative weight", () => {
    const input = { ...example, weights: [3, 5, -2, 7] };
    assert.throws(() => computeMetric("ams", input), /weights\[2\] is negative/);
  });

  it("rejects missing weights", () => {
    const input = { labels: [1], scores: [1] };
    assert.throws(
      () => computeMetric("significance", input),
      /significance requires weights, but it is missing/,
    );
  });

  it("rejects a negative b_r", () => {
    assert.throws(
      () => computeMetric("ams", example, { b_r: -1 }),
      /Invalid parameters for ams: b_r: /,
    );
  });
});
