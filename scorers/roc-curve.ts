/**
 * The ROC curve of a binary classifier, downsampled for a chart.
 */
import { forEachScoreGroupDescending } from "./score-groups";
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
 * with nonzero weight, as
 * `sklearn.metrics.roc_curve(labels, scores, sample_weight=weights,
 * drop_intermediate=False)` does (scikit-learn 1.2), then keeps at most
 * `maxPoints` vertices for a chart. The first vertex is (0, 0) with the
 * threshold Infinity (JSON.stringify writes it as null), and the last is
 * (1, 1).
 *
 * Downsampling keeps the vertices where the path length along the curve
 * crosses each of maxPoints - 1 equal steps, so steep and flat parts get
 * points in proportion to their length, and both end points stay. Inputs
 * are checked as for `roc_auc` and throw MetricInputError. O(n) after an
 * O(n) radix argsort.
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

  const full: RocCurve = { fpr: [0], tpr: [0], thresholds: [Infinity] };
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
      full.fpr.push(falsePositive / negativeTotal);
      full.tpr.push(truePositive / positiveTotal);
      full.thresholds.push(score);
    },
  );
  return downsampleCurve(full, maxPoints);
}

/** Keeps at most maxPoints vertices, evenly spaced along the path. */
function downsampleCurve(curve: RocCurve, maxPoints: number): RocCurve {
  const count = curve.fpr.length;
  if (count <= maxPoints) return curve;

  const pathLength = [0];
  for (let i = 1; i < count; i++) {
    const dx = (curve.fpr[i] as number) - (curve.fpr[i - 1] as number);
    const dy = (curve.tpr[i] as number) - (curve.tpr[i - 1] as number);
    pathLength.push((pathLength[i - 1] as number) + Math.hypot(dx, dy));
  }
  const total = pathLength[count - 1] as number;
  const step = total / (maxPoints - 1);

  const keptIndices: number[] = [0];
  let nextMark = step;
  for (let i = 1; i < count - 1; i++) {
    if ((pathLength[i] as number) < nextMark) continue;
    keptIndices.push(i);
    // Move the mark past this vertex, so one long segment adds one vertex.
    nextMark = (Math.floor((pathLength[i] as number) / step) + 1) * step;
  }
  keptIndices.push(count - 1);

  // An interior vertex at the full path length (the last segments have
  // length zero, or rounding) passes the final mark, so trim to the limit.
  while (keptIndices.length > maxPoints) {
    keptIndices.splice(keptIndices.length - 2, 1);
  }

  return {
    fpr: keptIndices.map((i) => curve.fpr[i] as number),
    tpr: keptIndices.map((i) => curve.tpr[i] as number),
    thresholds: keptIndices.map((i) => curve.thresholds[i] as number),
  };
}
