/**
 * The ROC curve of a binary classifier, downsampled for a chart.
 */
import { forEachScoreGroupBatch, type ScoreGroupBatch } from "./score-groups";
import { sortFloat64 } from "./sort";
import type { NumericColumn } from "./types";
import { readBinaryInput, sumClassWeights } from "./validate";

/**
 * ROC curve vertices: `fpr[i]` and `tpr[i]` are the false and true positive
 * rates when rows with a score >= `thresholds[i]` are classified as signal.
 */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

/**
 * Computes the ROC curve with a vertex at every distinct score of a row
 * with nonzero weight, the vertices of
 * `sklearn.metrics.roc_curve(labels, scores, sample_weight=weights,
 * drop_intermediate=False)` (scikit-learn 1.2), then keeps at most
 * `maxPoints` of them for a chart. The first vertex is (0, 0) with the
 * threshold Infinity, where scikit-learn 1.2 gives the max score + 1
 * (JSON.stringify writes Infinity as null). The last vertex is (1, 1).
 *
 * Downsampling keeps the vertices where the path length along the curve
 * crosses each of maxPoints - 1 equal steps, so steep and flat parts get
 * points in proportion to their length, and both end points stay. Inputs
 * are checked as for `roc_auc` and throw MetricInputError. O(n) after an
 * O(n) radix argsort, with memory for the kept vertices only.
 */
export function rocCurve(
  labels: NumericColumn,
  scores: NumericColumn,
  weights?: NumericColumn,
  maxPoints = 200,
): RocCurve {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new RangeError(
      `maxPoints must be an integer of at least 2, got ${maxPoints}.`,
    );
  }
  const input = readBinaryInput({ labels, scores, weights }, "rocCurve", {
    weights: "optional",
  });
  const [negativeTotal, positiveTotal] = sumClassWeights(
    input.labels,
    input.weights,
    "rocCurve",
    ["background", "signal"],
  );

  // Two walks over one sort: the first measures the curve, the second
  // keeps the vertices, so the full curve is never held in memory.
  const sortedKeys = sortFloat64(input.scores);
  const rates = { negativeTotal, positiveTotal };
  const walkBatches = (visit: (batch: ScoreGroupBatch) => void) =>
    forEachScoreGroupBatch(
      input.labels,
      input.scores,
      input.weights,
      visit,
      sortedKeys,
    );

  const measured = new CurveWalk(rates);
  walkBatches((batch) => {
    for (let g = 0; g < batch.count; g++) measured.advance(batch, g);
  });

  // Keep each vertex where the path length first reaches the next of
  // maxPoints - 1 equal steps, and always the first and last vertex.
  const count = measured.vertices;
  const step = measured.length / (maxPoints - 1);
  const curve: RocCurve = { fpr: [0], tpr: [0], thresholds: [Infinity] };
  const walked = new CurveWalk(rates);
  let nextMark = step;
  walkBatches((batch) => {
    for (let g = 0; g < batch.count; g++) {
      if (!walked.advance(batch, g)) continue;
      const isLast = walked.vertices === count;
      if (count > maxPoints && !isLast && walked.length < nextMark) continue;
      curve.fpr.push(walked.fpr);
      curve.tpr.push(walked.tpr);
      curve.thresholds.push(batch.scores[g] as number);
      // Move the mark past this vertex, so one long segment adds one vertex.
      nextMark = (Math.floor(walked.length / step) + 1) * step;
    }
  });

  // An interior vertex at the full path length (the last segments have
  // length zero, or rounding) passes the final mark, so trim to the limit.
  while (curve.fpr.length > maxPoints) {
    const at = curve.fpr.length - 2;
    curve.fpr.splice(at, 1);
    curve.tpr.splice(at, 1);
    curve.thresholds.splice(at, 1);
  }
  return curve;
}

/**
 * A walk along the ROC curve from (0, 0): the current vertex, the number
 * of vertices so far (counting (0, 0)) and the Euclidean path length.
 */
class CurveWalk {
  fpr = 0;
  tpr = 0;
  vertices = 1;
  length = 0;
  private truePositive = 0;
  private falsePositive = 0;

  constructor(
    private readonly totals: { negativeTotal: number; positiveTotal: number },
  ) {}

  /**
   * Moves to the vertex after group `g` and returns true, or returns false
   * for a group of weight zero: scikit-learn drops rows of weight zero, and
   * so their thresholds.
   */
  advance(batch: ScoreGroupBatch, g: number): boolean {
    const positive = batch.positive[g] as number;
    const negative = batch.negative[g] as number;
    if (positive === 0 && negative === 0) return false;
    this.truePositive += positive;
    this.falsePositive += negative;
    const fpr = this.falsePositive / this.totals.negativeTotal;
    const tpr = this.truePositive / this.totals.positiveTotal;
    const dx = fpr - this.fpr;
    const dy = tpr - this.tpr;
    this.length += Math.sqrt(dx * dx + dy * dy);
    this.fpr = fpr;
    this.tpr = tpr;
    this.vertices++;
    return true;
  }
}
