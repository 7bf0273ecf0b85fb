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

/** Builds one ROC vertex per distinct score, counting each rate anew. */
export function bruteForceRocVertices(
  labels: readonly number[],
  scores: readonly number[],
  weights?: readonly number[],
): { fpr: number[]; tpr: number[] } {
  const weightOf = (i: number) => weights?.[i] ?? 1;
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  let positiveTotal = 0;
  let negativeTotal = 0;
  labels.forEach((label, i) => {
    if (label === 1) positiveTotal += weightOf(i);
    else negativeTotal += weightOf(i);
  });
  const fpr = [0];
  const tpr = [0];
  for (const threshold of thresholds) {
    let positive = 0;
    let negative = 0;
    scores.forEach((score, i) => {
      if (score < threshold) return;
      if (labels[i] === 1) positive += weightOf(i);
      else negative += weightOf(i);
    });
    fpr.push(negative / negativeTotal);
    tpr.push(positive / positiveTotal);
  }
  return { fpr, tpr };
}

/** Trapezoidal area under (x, y). */
export function trapezoid(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) {
    const width = (x[i] as number) - (x[i - 1] as number);
    area += (width * ((y[i] as number) + (y[i - 1] as number))) / 2;
  }
  return area;
}

/**
 * Computes the truncated AUC as the starter kit does: one area per
 * threshold with every vertex's TPR clipped to it.
 */
export function bruteForceTruncatedAuc(
  labels: readonly number[],
  scores: readonly number[],
  weights: readonly number[] | undefined,
  thresholds: readonly number[],
  bandWeights: readonly number[],
): number {
  const { fpr, tpr } = bruteForceRocVertices(labels, scores, weights);
  const bounds = [0, ...thresholds, 1];
  const clippedArea = (t: number) =>
    trapezoid(fpr, tpr.map((y) => Math.min(y, t)));
  let area = 0;
  let perfect = 0;
  for (let k = 1; k < bounds.length; k++) {
    const weight = bandWeights[k - 1] as number;
    const upper = bounds[k] as number;
    const lower = bounds[k - 1] as number;
    area += weight * (clippedArea(upper) - clippedArea(lower));
    perfect += weight * (upper - lower);
  }
  return area / perfect;
}

/**
 * Computes the weighted KS distance from two explicit samples: the max over
 * every distinct score t of the gap between the fractions at or above t.
 */
export function bruteForceKs(
  real: readonly { score: number; weight: number }[],
  simulated: readonly { score: number; weight: number }[],
): number {
  const sum = (rows: readonly { weight: number }[]) =>
    rows.reduce((total, row) => total + row.weight, 0);
  const fractionAbove = (
    rows: readonly { score: number; weight: number }[],
    t: number,
  ) => sum(rows.filter((row) => row.score >= t)) / sum(rows);
  const thresholds = new Set([...real, ...simulated].map((row) => row.score));
  let distance = 0;
  for (const t of thresholds) {
    const gap = Math.abs(fractionAbove(real, t) - fractionAbove(simulated, t));
    distance = Math.max(distance, gap);
  }
  return distance;
}

/**
 * Computes the windowed CvM straight from its definition: ranks by
 * counting, and every window's sum over all N rank positions.
 */
export function bruteForceWindowedCvm(
  scores: readonly number[],
  mass: readonly number[],
  window: number,
  step: number,
): number {
  const n = scores.length;
  const massOrder = scores
    .map((_, i) => i)
    .sort((a, b) => (mass[a] as number) - (mass[b] as number) || a - b);
  const byMass = massOrder.map((i) => scores[i] as number);
  const ranks = byMass.map((score, j) => {
    let rank = 0;
    byMass.forEach((other, i) => {
      if (other < score || (other === score && i < j)) rank++;
    });
    return rank;
  });
  const distances: number[] = [];
  for (let start = 0; start + window <= n; start += step) {
    const members = ranks.slice(start, start + window);
    let sum = 0;
    for (let r = 0; r < n; r++) {
      const count = members.filter((rank) => rank <= r).length;
      sum += ((r + 1) / n - count / window) ** 2;
    }
    distances.push(sum / n);
  }
  return distances.reduce((a, b) => a + b, 0) / distances.length;
}

/**
 * Computes hep_ml's bin-based CvM with unit weights straight from its
 * definition: mid-point CDFs over the distinct scores, bin by bin.
 */
export function bruteForceBinnedCvm(
  scores: readonly number[],
  mass: readonly number[],
  bins: number,
): number {
  const n = scores.length;
  const min = Math.min(...mass);
  const max = Math.max(...mass);
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins - 1 }, (_, k) => (k + 1) * width + min);
  const binOf = mass.map((m) => edges.filter((edge) => edge < m).length);
  const values = [...new Set(scores)].sort((a, b) => a - b);
  const midpointCdf = (rows: number[], value: number) => {
    const below = rows.filter((i) => (scores[i] as number) < value).length;
    const equal = rows.filter((i) => scores[i] === value).length;
    return (below + equal / 2) / rows.length;
  };
  const all = scores.map((_, i) => i);
  let result = 0;
  for (let bin = 0; bin < bins; bin++) {
    const members = all.filter((i) => binOf[i] === bin);
    if (members.length === 0) continue;
    let distance = 0;
    for (const value of values) {
      const share = scores.filter((score) => score === value).length / n;
      const gap = midpointCdf(all, value) - midpointCdf(members, value);
      distance += share * gap * gap;
    }
    result += (members.length / n) * distance;
  }
  return result;
}
