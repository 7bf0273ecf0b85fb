/**
 * A seeded pseudo-random generator for the demo data sets. The generator is
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit
 * state), seeded through splitmix32 so that nearby seeds give unrelated
 * streams. Every operation is on 32-bit integers, so the same seed gives
 * the same numbers on every platform, and a short Python port can replay
 * a stream when a reference script needs to.
 */
export interface Random {
  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform double in [low, high). */
  between(low: number, high: number): number;
  /** Normal deviate (Box-Muller), mean `mean`, standard deviation `sd`. */
  normal(mean?: number, sd?: number): number;
  /** Exponential deviate with the given mean. */
  exponential(mean: number): number;
  /** Uniform integer in [0, n). */
  integer(n: number): number;
  /** Index drawn with probability proportional to `weights[i]`. */
  pick(weights: readonly number[]): number;
  /** Unsigned 32-bit output of the underlying generator. */
  next32(): number;
}

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/** Creates a generator for an integer seed (any safe integer). */
export function createRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${seed}`);
  }
  let mix = (seed % 0x100000000) | 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [next, word] = splitmix32(mix);
    mix = next;
    words.push(word);
  }
  let [a, b, c, d] = words as [number, number, number, number];
  let spareNormal: number | undefined;

  function next32(): number {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }
  // Discard the first outputs so that the counter word d mixes into a, b, c.
  for (let i = 0; i < 12; i++) next32();

  function uniform(): number {
    const high = next32() >>> 5;
    const low = next32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  function normal(mean = 0, sd = 1): number {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return mean + sd * value;
    }
    let u = uniform();
    while (u === 0) u = uniform();
    const v = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + sd * radius * Math.cos(2 * Math.PI * v);
  }

  function pick(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let target = uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] ?? 0;
      if (target < 0) return i;
    }
    return weights.length - 1;
  }

  return {
    uniform,
    between: (low, high) => low + (high - low) * uniform(),
    normal,
    exponential: (mean) => -mean * Math.log(1 - uniform()),
    integer: (n) => Math.floor(uniform() * n),
    pick,
    next32,
  };
}
