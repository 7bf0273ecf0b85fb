/**
 * The ROC curve of a binary classifier, downsampled for a chart.
 */
import { forEachScoreGroupDescending } from "./score-groups";
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
  const walkVertices = (
    visit: (fpr: number, tpr: number, threshold: number) => void,
  ) => {
    let truePositive = 0;
    let falsePositive = 0;
    forEachScoreGroupDescending(
      input.labels,
      input.scores,
      input.weights,
      (score, positive, negative) => {
        // scikit-learn drops rows of weight zero, and so their thresholds.
        if (positive === 0 && negative === 0) return;
        truePositive += positive;
        falsePositive += negative;
        const fpr = falsePositive / negativeTotal;
        visit(fpr, truePositive / positiveTotal, score);
      },
      sortedKeys,
    );
  };

  const path = new PathLength();
  let count = 1;
  walkVertices((fpr, tpr) => {
    path.moveTo(fpr, tpr);
    count++;
  });

  // Keep each vertex where the path length first reaches the next of
  // maxPoints - 1 equal steps, and always the first and last vertex.
  const step = path.total / (maxPoints - 1);
  const curve: RocCurve = { fpr: [0], tpr: [0], thresholds: [Infinity] };
  const walked = new PathLength();
  let nextMark = step;
  let index = 0;
  walkVertices((fpr, tpr, threshold) => {
    index++;
    walked.moveTo(fpr, tpr);
    const isLast = index === count - 1;
    if (count > maxPoints && !isLast && walked.total < nextMark) return;
    curve.fpr.push(fpr);
    curve.tpr.push(tpr);
    curve.thresholds.push(threshold);
    // Move the mark past this vertex, so one long segment adds one vertex.
    nextMark = (Math.floor(walked.total / step) + 1) * step;
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

/** The Euclidean length of a path from (0, 0), one vertex at a time. */
class PathLength {
  total = 0;
  private x = 0;
  private y = 0;

  moveTo(x: number, y: number): void {
    const dx = x - this.x;
    const dy = y - this.y;
    this.total += Math.sqrt(dx * dx + dy * dy);
    this.x = x;
    this.y = y;
  }
}
