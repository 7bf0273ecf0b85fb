/**
 * Seeded random data for the metric tests, so every failure reproduces.
 */

/** Mulberry32: a small 32-bit generator, uniform on [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws an integer in [0, bound). */
export function randomInt(random: () => number, bound: number): number {
  return Math.floor(random() * bound);
}

/**
 * Scores drawn from `levels` distinct values, so small levels give many
 * ties.
 */
export function randomScores(
  random: () => number,
  n: number,
  levels: number,
): number[] {
  return Array.from({ length: n }, () => randomInt(random, levels) / levels);
}

/** Binary labels that contain both classes when n >= 2. */
export function randomBinaryLabels(random: () => number, n: number): number[] {
  const labels = Array.from({ length: n }, () => (random() < 0.5 ? 0 : 1));
  labels[0] = 0;
  labels[n - 1] = 1;
  return labels;
}

/** Non-negative weights, some of them exactly zero. */
export function randomWeights(random: () => number, n: number): number[] {
  return Array.from({ length: n }, () =>
    random() < 0.1 ? 0 : Math.round(random() * 1000) / 100,
  );
}
