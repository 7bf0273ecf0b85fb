/**
 * Walks the rows of a binary problem in groups of tied scores, the vertices
 * of a ROC curve.
 */
import { sortFloat64, type SortedKeys } from "./sort";

/** Groups per batch: 1.5 MiB of arrays, reused for every batch. */
const BATCH_SIZE = 1 << 16;

/**
 * Consecutive groups of tied scores, highest score first. Entries 0 to
 * count - 1 are valid: `scores[g]` is the group's score and `positive[g]`
 * and `negative[g]` the summed weight of its label-1 and label-0 rows.
 */
export interface ScoreGroupBatch {
  scores: Float64Array;
  positive: Float64Array;
  negative: Float64Array;
  count: number;
}

/**
 * Visits the groups of tied scores from the highest score down, in batches
 * whose arrays are reused between calls. Each row weighs 1 without
 * `weights`, and rows of weight zero still form groups. Pass `sortedKeys`
 * from `sortFloat64(scores)` to walk more than once with one sort.
 *
 * Batches keep memory flat, and they let V8 optimize the per-group loops
 * as functions called many times instead of one long loop entered once.
 * Runs in O(n).
 */
export function forEachScoreGroupBatch(
  labels: Uint8Array,
  scores: Float64Array,
  weights: Float64Array | undefined,
  visit: (batch: ScoreGroupBatch) => void,
  sortedKeys: SortedKeys = sortFloat64(scores),
): void {
  const size = Math.min(BATCH_SIZE, Math.max(1, scores.length));
  const batch: ScoreGroupBatch = {
    scores: new Float64Array(size),
    positive: new Float64Array(size),
    negative: new Float64Array(size),
    count: 0,
  };
  let end = scores.length;
  while (end > 0) {
    end = fillBatch(batch, sortedKeys, labels, weights, end);
    visit(batch);
  }
}

/**
 * Fills `batch` with the groups whose rows end before sorted position
 * `end`, and returns the sorted position where the next batch ends.
 */
function fillBatch(
  batch: ScoreGroupBatch,
  sortedKeys: SortedKeys,
  labels: Uint8Array,
  weights: Float64Array | undefined,
  end: number,
): number {
  const { order, sorted } = sortedKeys;
  const capacity = batch.scores.length;
  let count = 0;
  while (end > 0 && count < capacity) {
    const score = sorted[end - 1] as number;
    let positive = 0;
    let negative = 0;
    while (end > 0 && sorted[end - 1] === score) {
      const row = order[end - 1] as number;
      const label = labels[row] as number;
      const weight = weights ? (weights[row] as number) : 1;
      positive += label * weight;
      negative += (1 - label) * weight;
      end--;
    }
    batch.scores[count] = score;
    batch.positive[count] = positive;
    batch.negative[count] = negative;
    count++;
  }
  batch.count = count;
  return end;
}
