import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { computeMetric } from "../../scorers/index";
import { MetricInputError } from "../../scorers/types";
import { assertClose, loadFixture } from "./helpers/fixtures";
import { createRandom, randomInt } from "./helpers/random";

function logLoss(
  labels: number[],
  rows: number[][],
  weights?: number[],
  params?: unknown,
) {
  return computeMetric(
    "log_loss",
    {
      labels,
      probabilities: rows.flat(),
      classes: rows[0]?.length ?? 2,
      weights,
    },
    params,
  );
}

/** Computes the loss row by row with clipping and renormalisation. */
function referenceLogLoss(
  labels: number[],
  rows: number[][],
  weights?: number[],
): number {
  const eps = 1e-15;
  const losses = rows.map((row, i) => {
    const clipped = row.map((p) => Math.min(1 - eps, Math.max(eps, p)));
    const total = clipped.reduce((a, b) => a + b, 0);
    return -Math.log((clipped[labels[i] as number] as number) / total);
  });
  const rowWeights = weights ?? rows.map(() => 1);
  const weighted = losses.reduce((sum, loss, i) => sum + loss * (rowWeights[i] as number), 0);
  return weighted / rowWeights.reduce((a, b) => a + b, 0);
}

describe("log_loss", () => {
  it("scores the hand-worked example", () => {
    const value = logLoss([0, 1], [[0.8, 0.2], [0.4, 0.6]]);
    assertClose(value, -(Math.log(0.8) + Math.log(0.6)) / 2, "value");
  });

  it("clips a zero probability of the true class", () => {
    const value = logLoss([0], [[0, 1]]);
    // Clipped row [1e-15, 1 - 1e-15] sums to 1, so the loss is -ln 1e-15.
    assertClose(value, -Math.log(1e-15), "value");
  });

  it("renormalises rows that do not sum to 1", () => {
    assertClose(logLoss([0], [[0.2, 0.2]]), Math.log(2), "value");
  });

  it("applies weights", () => {
    const value = logLoss([0, 1], [[0.8, 0.2], [0.4, 0.6]], [3, 1]);
    assertClose(value, -(3 * Math.log(0.8) + Math.log(0.6)) / 4, "value");
  });

  it("accepts a class absent from the labels", () => {
    const value = logLoss([0, 0], [[0.5, 0.25, 0.25], [1, 0, 0]]);
    assertClose(value, -(Math.log(0.5) + Math.log(1 - 2e-15)) / 2, "value");
  });

  it("takes eps as a parameter", () => {
    const value = logLoss([0], [[0, 1]], undefined, { eps: 1e-3 });
    assertClose(value, -Math.log(1e-3), "value");
  });

  it("matches the reference on random data", () => {
    const random = createRandom(8642);
    for (let trial = 0; trial < 1000; trial++) {
      const n = 1 + randomInt(random, 20);
      const classes = 2 + randomInt(random, 4);
      const labels = Array.from({ length: n }, () => randomInt(random, classes));
      const rows = labels.map(() =>
        Array.from({ length: classes }, () =>
          random() < 0.2 ? 0 : Math.round(random() * 100) / 100,
        ),
      );
      const weights =
        trial % 2 === 0
          ? labels.map((_, i) => (i === 0 ? 1 : randomInt(random, 4)))
          : undefined;
      const expected = referenceLogLoss(labels, rows, weights);
      assertClose(logLoss(labels, rows, weights), expected, `trial ${trial}`);
    }
  });

  it("matches scikit-learn fixtures", () => {
    const cases = loadFixture("log-loss.json");
    assert.ok(cases.length >= 30);
    for (const fixture of cases) {
      const actual = computeMetric("log_loss", fixture.input, fixture.params);
      assertClose(actual, fixture.expected, fixture.name, 1e-11);
    }
  });
});

describe("log_loss rejections", () => {
  it("rejects a probability above 1", () => {
    assert.throws(
      () => logLoss([0, 1], [[0.5, 0.5], [0.2, 1.5]]),
      (error: unknown) => {
        assert.ok(error instanceof MetricInputError);
        assert.equal(error.index, 3);
        assert.match(
          error.message,
          /probabilities\[3\] is 1\.5, outside the allowed range \[0, 1\]/,
        );
        return true;
      },
    );
  });

  it("rejects a negative probability", () => {
    assert.throws(
      () => logLoss([0], [[-0.1, 1]]),
      /probabilities\[0\] is -0\.1, outside the allowed range \[0, 1\]/,
    );
  });

  it("rejects a NaN probability", () => {
    assert.throws(() => logLoss([0], [[NaN, 1]]), /probabilities\[0\] is NaN/);
  });

  it("rejects a label outside the classes", () => {
    assert.throws(
      () => logLoss([0, 2], [[0.5, 0.5], [0.5, 0.5]]),
      /labels\[1\] is not a class index; labels must be integers from 0 to 1/,
    );
  });

  it("rejects a fractional label", () => {
    assert.throws(
      () => logLoss([0.5], [[0.5, 0.5]]),
      /labels\[0\] is not a class index/,
    );
  });

  it("rejects a wrong probability count", () => {
    assert.throws(
      () =>
        computeMetric("log_loss", {
          labels: [0, 1],
          probabilities: [0.5, 0.5, 0.5],
          classes: 2,
        }),
      /probabilities has 3 values but labels has 2 rows of 2 classes \(4 values\)/,
    );
  });

  it("rejects missing classes", () => {
    assert.throws(
      () => computeMetric("log_loss", { labels: [0], probabilities: [0.5, 0.5] }),
      /log_loss requires classes, the number of columns of probabilities, but it is missing/,
    );
  });

  it("rejects one class", () => {
    assert.throws(
      () => computeMetric("log_loss", { labels: [0], probabilities: [1], classes: 1 }),
      /classes is 1; log_loss needs an integer of at least 2/,
    );
  });

  it("rejects a zero total weight", () => {
    assert.throws(
      () => logLoss([0, 1], [[0.5, 0.5], [0.5, 0.5]], [0, 0]),
      /log_loss is undefined: the total weight is 0/,
    );
  });

  it("rejects an overflowing weight sum", () => {
    assert.throws(
      () => logLoss([0, 1], [[0.5, 0.5], [0.5, 0.5]], [1e308, 1e308]),
      /the sum of weights overflows a float64; divide weights by a common factor/,
    );
  });

  it("rejects empty labels", () => {
    assert.throws(
      () => computeMetric("log_loss", { labels: [], probabilities: [], classes: 2 }),
      /labels has 0 rows, fewer than the 1 required by log_loss/,
    );
  });

  it("rejects an eps of 0", () => {
    assert.throws(
      () => logLoss([0], [[0.5, 0.5]], undefined, { eps: 0 }),
      /Invalid parameters for log_loss: eps: /,
    );
  });
});
