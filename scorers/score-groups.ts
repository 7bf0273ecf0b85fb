/**
 * Walks the rows of a binary problem in groups of tied scores, the vertices
 * of a ROC curve.
 */
import { sortFloat64, type SortedKeys } from "./sort";

/**
 * Visits each group of tied scores from the highest score down, with the
 * summed weight of its label-1 and label-0 rows (each row weighs 1 without
 * `weights`). Rows of weight zero still form groups. Pass `sortedKeys`
 * from `sortFloat64(scores)` to walk more than once with one sort. Runs in
 * O(n).
 */
export function forEachScoreGroupDescending(
  labels: Uint8Array,
  scores: Float64Array,
  weights: Float64Array | undefined,
  visit: (score: number, positive: number, negative: number) => void,
  sortedKeys: SortedKeys = sortFloat64(scores),
): void {
  const { order, sorted } = sortedKeys;
  let end = order.length;
  while (end > 0) {
    const score = sorted[end - 1] as number;
    let positive = 0;
    let negative = 0;
    let start = end;
    while (start > 0 && sorted[start - 1] === score) {
      const row = order[start - 1] as number;
      const weight = weights ? (weights[row] as number) : 1;
      if (labels[row] === 1) positive += weight;
      else negative += weight;
      start--;
    }
    visit(score, positive, negative);
    end = start;
  }
}
