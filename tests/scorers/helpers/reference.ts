/**
 * Slow, direct implementations of the metric definitions, used to check the
 * fast ones on random data. They favour clarity over speed.
 */

/** ROC AUC over all (signal, background) pairs, ties counted one half. */
export function pairwiseRocAuc(
  labels: readonly number[],
  scores: readonly number[],
  weights?: readonly number[],
): number {
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      const pairWeight = (weights?.[i] ?? 1) * (weights?.[j] ?? 1);
      const si = scores[i] as number;
      const sj = scores[j] as number;
      if (si > sj) numerator += pairWeight;
      if (si === sj) numerator += 0.5 * pairWeight;
      denominator += pairWeight;
    }
  }
  return numerator / denominator;
}
