import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { computeMetric } from "../../scorers/index";
import { MetricInputError } from "../../scorers/types";
import { assertClose, loadFixture } from "./helpers/fixtures";
import {
  createRandom,
  randomBinaryLabels,
  randomInt,
  randomScores,
} from "./helpers/random";
import { bruteForceKs } from "./helpers/reference";

type Variant = "keep" | "move_to_simulation";

function ks(
  labels: number[],
  scores: number[],
  weights: number[],
  variant: Variant = "keep",
) {
  return computeMetric(
    "ks_agreement",
    { labels, scores, weights },
    { negative_weights: variant },
  );
}

/** Splits rows into the two samples the variant defines. */
function splitSamples(
  labels: number[],
  scores: number[],
  weights: number[],
  variant: Variant,
) {
  const real: { score: number; weight: number }[] = [];
  const simulated: { score: number; weight: number }[] = [];
  labels.forEach((label, i) => {
    const score = scores[i] as number;
    const weight = weights[i] as number;
    if (label === 1) simulated.push({ score, weight });
    else if (variant === "move_to_simulation" && weight < 0) {
      simulated.push({ score, weight: -weight });
    } else real.push({ score, weight });
  });
  return { real, simulated };
}

describe("ks_agreement", () => {
  it("scores the hand-worked example", () => {
    assert.equal(ks([0, 0, 1, 1], [0.2, 0.6, 0.4, 0.6], [1, 1, 1, 1]), 0.5);
  });

  it("scores identical samples 0", () => {
    assert.equal(ks([0, 1, 0, 1], [0.2, 0.2, 0.7, 0.7], [1, 2, 3, 6]), 0);
  });

  it("scores disjoint samples 1", () => {
    assert.equal(ks([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], [1, 1, 1, 1]), 1);
  });

  it("scores all-equal scores 0", () => {
    assert.equal(ks([0, 1, 1], [0.5, 0.5, 0.5], [1, 1, 1]), 0);
  });

  it("keeps a negative sWeight in the real sample", () => {
    // Real: 0.2 (w 2), 0.8 (w -1); total 1. Simulated: 0.8 (w 1).
    // At or above 0.8: real -1, simulated 1, gap 2. At or above 0.2: 1, 1.
    assert.equal(ks([0, 0, 1], [0.2, 0.8, 0.8], [2, -1, 1]), 2);
  });

  it("moves a negative sWeight to simulation", () => {
    // Real: 0.2 (w 2). Simulated: 0.8 (w 1) and the moved 0.8 (w 1).
    // At or above 0.8: real 0, simulated 1, gap 1.
    assert.equal(
      ks([0, 0, 1], [0.2, 0.8, 0.8], [2, -1, 1], "move_to_simulation"),
      1,
    );
  });

  it("scores one row per sample", () => {
    assert.equal(ks([0, 1], [0.3, 0.6], [1, 1]), 1);
  });

  it("matches the brute-force reference on random data", () => {
    const random = createRandom(4321);
    for (let trial = 0; trial < 1500; trial++) {
      const n = 2 + randomInt(random, 40);
      const labels = randomBinaryLabels(random, n);
      const scores = randomScores(random, n, 1 + randomInt(random, 15));
      const weights = labels.map((label) => {
        const weight = Math.round(random() * 200) / 100;
        return label === 0 && random() < 0.2 ? -weight / 4 : weight;
      });
      weights[0] = 20;
      weights[n - 1] = 1;
      const variant: Variant = trial % 2 ? "keep" : "move_to_simulation";
      const { real, simulated } = splitSamples(labels, scores, weights, variant);
      const expected = bruteForceKs(real, simulated);
      assertClose(ks(labels, scores, weights, variant), expected, `trial ${trial}`);
    }
  });

  it("matches the reference above the radix threshold", () => {
    const random = createRandom(5555);
    const n = 3000;
    const labels = randomBinaryLabels(random, n);
    const scores = randomScores(random, n, 200);
    const weights = labels.map((label) =>
      label === 0 && random() < 0.2 ? -random() / 4 : random(),
    );
    weights[0] = 50;
    for (const variant of ["keep", "move_to_simulation"] as const) {
      const samples = splitSamples(labels, scores, weights, variant);
      const expected = bruteForceKs(samples.real, samples.simulated);
      assertClose(ks(labels, scores, weights, variant), expected, variant);
    }
  });

  it("matches scikit-learn and scipy fixtures", () => {
    const cases = loadFixture("ks-agreement.json");
    assert.ok(cases.length >= 60);
    for (const fixture of cases) {
      const actual = computeMetric("ks_agreement", fixture.input, fixture.params);
      assertClose(actual, fixture.expected, fixture.name);
    }
  });
});

describe("ks_agreement rejections", () => {
  it("rejects missing weights", () => {
    assert.throws(
      () => computeMetric("ks_agreement", { labels: [0, 1], scores: [0, 1] }),
      /ks_agreement requires weights, but it is missing/,
    );
  });

  it("rejects a negative simulated weight", () => {
    assert.throws(
      () => ks([0, 1, 1], [0.1, 0.2, 0.3], [1, 1, -1]),
      (error: unknown) => {
        assert.ok(error instanceof MetricInputError);
        assert.equal(error.index, 2);
        assert.match(
          error.message,
          /weights\[2\] is negative for a simulated event \(label 1\)/,
        );
        return true;
      },
    );
  });

  it("rejects a real total that is not positive", () => {
    assert.throws(
      () => ks([0, 0, 1], [0.1, 0.2, 0.3], [1, -1, 1]),
      /the real events \(label 0\) have no rows or a total weight that is not positive/,
    );
  });

  it("rejects real events all moved away", () => {
    assert.throws(
      () => ks([0, 1], [0.1, 0.3], [-1, 1], "move_to_simulation"),
      /the real events \(label 0\) have no rows/,
    );
  });

  it("rejects a missing simulated sample", () => {
    assert.throws(
      () => ks([0, 0], [0.1, 0.3], [1, 1]),
      /the simulated events \(label 1\) have no rows/,
    );
  });

  it("rejects an overflowing weight sum", () => {
    assert.throws(
      () => ks([0, 0, 1], [0.1, 0.2, 0.3], [1e308, 1e308, 1]),
      /the sum of weights overflows a float64/,
    );
  });

  it("rejects an unknown variant", () => {
    assert.throws(
      () =>
        computeMetric(
          "ks_agreement",
          { labels: [0, 1], scores: [0, 1], weights: [1, 1] },
          { negative_weights: "drop" },
        ),
      /Invalid parameters for ks_agreement: negative_weights: /,
    );
  });
});
