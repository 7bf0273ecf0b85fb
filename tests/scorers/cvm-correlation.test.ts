import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { windowDistance } from "../../scorers/cvm-correlation";
import { computeMetric } from "../../scorers/index";
import { assertClose, loadFixture } from "./helpers/fixtures";
import { createRandom, randomInt, randomScores } from "./helpers/random";
import {
  bruteForceBinnedCvm,
  bruteForceWindowedCvm,
} from "./helpers/reference";

function cvm(scores: number[], mass: number[], params?: unknown) {
  return computeMetric("cvm_correlation", { scores, mass }, params);
}

describe("cvm_correlation windowed", () => {
  it("scores the hand-worked example", () => {
    const value = cvm([0.1, 0.3, 0.2], [1, 2, 3], { window: 2, step: 1 });
    assertClose(value, 7 / 216, "value");
  });

  it("scores a window of every event 0", () => {
    assert.equal(cvm([0.4, 0.1, 0.9], [3, 1, 2], { window: 3 }), 0);
  });

  it("breaks prediction ties by mass order", () => {
    // All predictions tie, so ranks follow mass: the window of the two
    // lightest events contains ranks {0, 1} wherever they sit in the input.
    const value = cvm([0.5, 0.5, 0.5], [3, 1, 2], { window: 2, step: 5 });
    // c/m = [1/2, 1, 1] against [1/3, 2/3, 1].
    assertClose(value, (1 / 36 + 1 / 9) / 3, "value");
  });

  it("drops windows past the end", () => {
    // Window 2, step 2 over 3 events: only the window at 0 fits.
    const value = cvm([0.1, 0.3, 0.2], [1, 2, 3], { window: 2, step: 2 });
    assertClose(value, 1 / 54, "value");
  });

  it("computes one window in closed form", () => {
    const random = createRandom(77);
    for (let trial = 0; trial < 300; trial++) {
      const total = 1 + randomInt(random, 60);
      const size = 1 + randomInt(random, total);
      const ranks = Array.from({ length: total }, (_, r) => r)
        .sort(() => random() - 0.5)
        .slice(0, size)
        .sort((a, b) => a - b);
      let expected = 0;
      for (let r = 0; r < total; r++) {
        const count = ranks.filter((rank) => rank <= r).length;
        expected += ((r + 1) / total - count / size) ** 2;
      }
      expected /= total;
      const actual = windowDistance(Uint32Array.from(ranks), total);
      assertClose(actual, expected, `trial ${trial}`);
    }
  });

  it("matches the brute-force reference on random data", () => {
    const random = createRandom(2468);
    for (let trial = 0; trial < 600; trial++) {
      const n = 1 + randomInt(random, 40);
      const scores = randomScores(random, n, 1 + randomInt(random, 10));
      const mass = randomScores(random, n, 1 + randomInt(random, 20));
      const window = 1 + randomInt(random, n);
      const step = 1 + randomInt(random, 8);
      const expected = bruteForceWindowedCvm(scores, mass, window, step);
      assertClose(
        cvm(scores, mass, { window, step }),
        expected,
        `trial ${trial}`,
      );
    }
  });

  it("matches the reference above the radix threshold", () => {
    const random = createRandom(97);
    const n = 3000;
    const scores = randomScores(random, n, 400);
    const mass = randomScores(random, n, 1000);
    const expected = bruteForceWindowedCvm(scores, mass, 200, 50);
    assertClose(cvm(scores, mass), expected, "value");
  });

  it("matches numpy fixtures", () => {
    const cases = loadFixture("cvm-correlation.json");
    assert.ok(cases.length >= 20);
    for (const fixture of cases) {
      const actual = computeMetric(
        "cvm_correlation",
        fixture.input,
        fixture.params,
      );
      assertClose(actual, fixture.expected, fixture.name);
    }
  });
});

describe("cvm_correlation binned", () => {
  it("scores a single bin 0", () => {
    const value = cvm([0.1, 0.7, 0.3], [1, 2, 3], { variant: "binned", bins: 1 });
    assertClose(value, 0, "value");
  });

  it("scores equal masses 0", () => {
    const value = cvm([0.1, 0.7, 0.3], [5, 5, 5], { variant: "binned" });
    assertClose(value, 0, "value");
  });

  it("scores the hand-worked example", () => {
    // Masses 0 and 1 with 2 bins (edge 0.5): bin 0 contains score 0.2 and
    // bin 1 contains 0.8. Global mid-point CDF: 0.25 at 0.2, 0.75 at 0.8. Bin 0:
    // 0.5, 1; bin 1: 0, 0.5. Each bin: 0.5 * 0.0625 + 0.5 * 0.0625 =
    // 0.0625, weighted 1/2 each, so the value is 0.0625.
    const value = cvm([0.2, 0.8], [0, 1], { variant: "binned", bins: 2 });
    assert.equal(value, 0.0625);
  });

  it("puts a mass on an edge in the lower bin", () => {
    // Masses 0, 1, 2 with 2 bins: the edge is 1, so bins are {0, 1}, {2}.
    const value = cvm([0.1, 0.1, 0.9], [0, 1, 2], { variant: "binned", bins: 2 });
    assertClose(value, bruteForceBinnedCvm([0.1, 0.1, 0.9], [0, 1, 2], 2), "value");
    assert.notEqual(value, cvm([0.1, 0.9, 0.9], [0, 1, 2], { variant: "binned", bins: 2 }));
  });

  it("matches the reference above the radix threshold", () => {
    const random = createRandom(98);
    const n = 3000;
    const scores = randomScores(random, n, 300);
    const mass = randomScores(random, n, 50);
    const expected = bruteForceBinnedCvm(scores, mass, 10);
    assertClose(cvm(scores, mass, { variant: "binned" }), expected, "value");
  });

  it("matches the brute-force reference on random data", () => {
    const random = createRandom(1357);
    for (let trial = 0; trial < 600; trial++) {
      const n = 1 + randomInt(random, 50);
      const scores = randomScores(random, n, 1 + randomInt(random, 10));
      const mass = randomScores(random, n, 1 + randomInt(random, 20));
      const bins = 1 + randomInt(random, 12);
      const expected = bruteForceBinnedCvm(scores, mass, bins);
      assertClose(
        cvm(scores, mass, { variant: "binned", bins }),
        expected,
        `trial ${trial}`,
      );
    }
  });
});

describe("cvm_correlation rejections", () => {
  it("rejects too few events for a window", () => {
    assert.throws(
      () => cvm([0.1, 0.2], [1, 2]),
      /scores has 2 rows, fewer than the 200 required to fill one window of 200 events/,
    );
  });

  it("rejects an empty binned input", () => {
    assert.throws(
      () => cvm([], [], { variant: "binned" }),
      /scores has 0 rows, fewer than the 1 required by the binned cvm_correlation/,
    );
  });

  it("rejects mismatched mass", () => {
    assert.throws(() => cvm([0.1, 0.2], [1]), /mass has 1 rows but scores has 2/);
  });

  it("rejects a NaN mass", () => {
    assert.throws(() => cvm([0.1, 0.2], [1, NaN]), /mass\[1\] is NaN/);
  });

  it("rejects an infinite score", () => {
    assert.throws(
      () => cvm([0.1, -Infinity], [1, 2], { window: 1 }),
      /scores\[1\] is infinite/,
    );
  });

  it("rejects a missing mass", () => {
    assert.throws(
      () => computeMetric("cvm_correlation", { scores: [0.1] }),
      /cvm_correlation requires mass, but it is missing/,
    );
  });

  it("rejects a window of 0", () => {
    assert.throws(
      () => cvm([0.1], [1], { window: 0 }),
      /Invalid parameters for cvm_correlation: window: /,
    );
  });

  it("rejects more than 100 bins", () => {
    assert.throws(
      () => cvm([0.1], [1], { variant: "binned", bins: 101 }),
      /Invalid parameters for cvm_correlation: bins: /,
    );
  });
});
