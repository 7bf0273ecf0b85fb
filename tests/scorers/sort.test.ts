import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { argsortFloat64, sortFloat64 } from "../../scorers/sort";
import { createRandom, randomInt } from "./helpers/random";

/** Sorts indices with a stable comparator sort. */
function referenceArgsort(keys: Float64Array): number[] {
  const order = Array.from(keys, (_, i) => i);
  return order.sort((a, b) => (keys[a] as number) - (keys[b] as number));
}

function mixedKeys(seed: number, n: number): Float64Array {
  const random = createRandom(seed);
  const specials = [0, -0, 1, -1, 0.5, -0.5, 1e-300, -1e-300, 5e-324, -5e-324,
    Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity];
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const kind = randomInt(random, 4);
    if (kind === 0) keys[i] = specials[randomInt(random, specials.length)] as number;
    else if (kind === 1) keys[i] = randomInt(random, 20) - 10;
    else if (kind === 2) keys[i] = (random() - 0.5) * 1e6;
    else keys[i] = (random() - 0.5) * Math.pow(10, randomInt(random, 40) - 20);
  }
  return keys;
}

describe("argsortFloat64", () => {
  it("matches a stable comparator sort on small inputs", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const keys = mixedKeys(seed, 1 + (seed % 60));
      assert.deepEqual(Array.from(argsortFloat64(keys)), referenceArgsort(keys));
    }
  });

  it("matches a stable comparator sort on radix-sized inputs", () => {
    for (const [seed, n] of [[1, 5000], [2, 20000], [3, 100000]] as const) {
      const keys = mixedKeys(seed, n);
      assert.deepEqual(Array.from(argsortFloat64(keys)), referenceArgsort(keys));
    }
  });

  it("keeps -0 and +0 in input order", () => {
    const keys = new Float64Array(10000);
    for (let i = 0; i < keys.length; i++) keys[i] = i % 2 === 0 ? -0 : 0;
    const order = argsortFloat64(keys);
    assert.deepEqual(Array.from(order), Array.from(keys, (_, i) => i));
  });

  it("keeps tied keys in input order", () => {
    const random = createRandom(7);
    const keys = Float64Array.from({ length: 50000 }, () => randomInt(random, 3));
    const order = argsortFloat64(keys);
    for (let i = 1; i < order.length; i++) {
      const previous = order[i - 1] as number;
      const current = order[i] as number;
      if (keys[previous] === keys[current]) assert.ok(previous < current);
    }
    assert.deepEqual(Array.from(order), referenceArgsort(keys));
  });

  it("sorts an empty and a one-key input", () => {
    assert.deepEqual(Array.from(argsortFloat64(new Float64Array(0))), []);
    assert.deepEqual(Array.from(argsortFloat64(new Float64Array([3]))), [0]);
  });

  it("sorts all-equal keys as the identity", () => {
    const keys = new Float64Array(8000).fill(0.25);
    const order = argsortFloat64(keys);
    assert.deepEqual(Array.from(order), Array.from(keys, (_, i) => i));
  });

  it("returns the sorted keys with the order", () => {
    for (const [seed, n] of [[21, 50], [22, 3000], [23, 40000]] as const) {
      const keys = mixedKeys(seed, n);
      const { order, sorted } = sortFloat64(keys);
      assert.equal(sorted.length, n);
      for (let j = 0; j < n; j++) {
        const expected = (keys[order[j] as number] as number) + 0;
        assert.ok(Object.is(sorted[j], expected), `position ${j}`);
      }
    }
  });
});
