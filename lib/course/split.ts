import type { Random } from "./random";

/**
 * Marks each of `n` rows true with probability `fraction`, one uniform draw
 * per row in row order (so a script can replay the split from the seed).
 */
export function drawMask(random: Random, n: number, fraction: number): boolean[] {
  const mask: boolean[] = new Array<boolean>(n);
  for (let i = 0; i < n; i++) mask[i] = random.uniform() < fraction;
  return mask;
}

/** Fisher-Yates shuffle of 0..n-1. */
export function shuffledIndices(random: Random, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    const held = order[i] as number;
    order[i] = order[j] as number;
    order[j] = held;
  }
  return order;
}

/** The public leaderboard marker in answer keys, as in Kaggle's files. */
export type Usage = "Public" | "Private";

export function usageOf(isPublic: boolean): Usage {
  return isPublic ? "Public" : "Private";
}
