/**
 * Truncated ROC AUC: the weighted area under the ROC curve of the Flavours
 * of Physics challenge (Kaggle, 2015), which rewards a high background
 * rejection at low signal efficiency.
 *
 * Definition: the thresholds 0 = t_0 < t_1 < ... < t_K = 1 cut the true
 * positive rate (TPR) axis into bands, band k having the weight v_k. With
 * A(t) the trapezoidal area under the ROC curve after clipping every
 * vertex's TPR to at most t,
 *
 *   value = sum_k v_k (A(t_k) - A(t_(k-1)))  /  sum_k v_k (t_k - t_(k-1)).
 *
 * The ROC curve has a vertex at every distinct score. Clipping acts on the
 * vertices only, and no vertex is inserted where a segment crosses a
 * threshold. The denominator is the value for a perfect classifier, so a
 * perfect ranking scores 1. With the default thresholds (0.2, 0.4, 0.6,
 * 0.8) and weights (4, 3, 2, 1, 0), the diagonal ROC curve of a random
 * classifier scores (4 * 0.18 + 3 * 0.14 + 2 * 0.10 + 1 * 0.06) / 2 = 0.7.
 * All-equal scores score 0.5 instead: their curve is one segment from
 * (0, 0) to (1, 1) with no vertex to clip in between.
 *
 * Source: `roc_auc_truncated` in the challenge's starter-kit evaluation
 * code, which clips `tpr` from `sklearn.metrics.roc_curve` and integrates
 * with `sklearn.metrics.auc`. Dropping collinear vertices, the default of
 * `roc_curve` since scikit-learn 0.17, changes the clipped areas, so the
 * fixtures call it with `drop_intermediate=False`. Sample weights are an
 * extension: they weight the ROC curve as `sample_weight` does in
 * scikit-learn.
 *
 * Input: as `roc_auc`. `labels` 0 or 1, finite `scores`, optional finite
 * non-negative `weights`, and both classes with a positive total weight.
 * The starter kit also required scores in [0, 1]. This metric accepts any
 * finite scores, because the value depends only on their order, and a
 * challenge that wants [0, 1] sets it as the submission range.
 *
 * Range [0, 1], maximize. Complexity O(n K) after an O(n) radix argsort.
 *
 * Example: labels [1, 0, 1, 0], scores [0.9, 0.8, 0.7, 0.1]. The vertices
 * are (0, 0), (0, 0.5), (0.5, 0.5), (0.5, 1), (1, 1). Clipped at TPR 0.2,
 * the area is 0.2; at 0.4 it is 0.4; at 0.6, 0.8 and 1 it is
 * 0.5 * 0.5 + 0.5 * t. The bands score 4 * 0.2 + 3 * 0.2 + 2 * 0.15 +
 * 1 * 0.1 = 1.8, and 1.8 / 2 = 0.9.
 */
import { z } from "zod";

import { forEachScoreGroupBatch } from "./score-groups";
import type { Metric } from "./types";
import { readBinaryInput, sumClassWeights } from "./validate";

export const truncatedRocAucParamsSchema = z
  .object({
    tpr_thresholds: z
      .array(z.number().gt(0).lt(1))
      .min(1)
      .default([0.2, 0.4, 0.6, 0.8])
      .refine(
        (thresholds) =>
          thresholds.every((t, i) => i === 0 || t > thresholds[i - 1]!),
        "must be strictly increasing",
      ),
    roc_weights: z
      .array(z.number().nonnegative().finite())
      .default([4, 3, 2, 1, 0]),
  })
  .strict()
  .refine(
    (params) => params.roc_weights.length === params.tpr_thresholds.length + 1,
    {
      message: "needs one more entry than tpr_thresholds",
      path: ["roc_weights"],
    },
  )
  .refine((params) => params.roc_weights.some((weight) => weight > 0), {
    message: "needs at least one positive entry",
    path: ["roc_weights"],
  });

export type TruncatedRocAucParams = z.infer<typeof truncatedRocAucParamsSchema>;

/**
 * Returns the band-weighted height of a TPR value y: the sum over bands of
 * the band weight times the part of [0, y] inside the band. The area of a
 * ROC segment under this height is the segment's share of the numerator.
 */
function bandHeight(
  y: number,
  bounds: readonly number[],
  bandWeights: readonly number[],
): number {
  let height = 0;
  for (let k = 0; k < bandWeights.length; k++) {
    const lower = bounds[k] as number;
    if (y <= lower) break;
    const upper = bounds[k + 1] as number;
    height += (bandWeights[k] as number) * (Math.min(y, upper) - lower);
  }
  return height;
}

export const truncatedRocAuc: Metric<TruncatedRocAucParams> = {
  id: "truncated_roc_auc",
  direction: "maximize",
  requires: ["labels", "scores"],
  optional: ["weights"],
  paramsSchema: truncatedRocAucParamsSchema,
  compute(input, params) {
    const id = "truncated_roc_auc";
    const { labels, scores, weights } = readBinaryInput(input, id, {
      weights: "optional",
    });
    const [negativeTotal, positiveTotal] = sumClassWeights(
      labels,
      weights,
      id,
      ["background", "signal"],
    );
    const bounds = [0, ...params.tpr_thresholds, 1];
    const bandWeights = params.roc_weights;

    // The running sums live in an object and in locals inside each batch,
    // because doubles that a closure writes are boxed on every write.
    const walk = { truePositive: 0, falsePositive: 0, fpr: 0, height: 0 };
    let area = 0;
    forEachScoreGroupBatch(labels, scores, weights, (batch) => {
      let { truePositive, falsePositive, fpr, height } = walk;
      let batchArea = 0;
      for (let g = 0; g < batch.count; g++) {
        truePositive += batch.positive[g] as number;
        falsePositive += batch.negative[g] as number;
        const nextFpr = falsePositive / negativeTotal;
        const tpr = truePositive / positiveTotal;
        const nextHeight = bandHeight(tpr, bounds, bandWeights);
        batchArea += ((nextFpr - fpr) * (nextHeight + height)) / 2;
        fpr = nextFpr;
        height = nextHeight;
      }
      Object.assign(walk, { truePositive, falsePositive, fpr, height });
      area += batchArea;
    });

    let perfect = 0;
    for (let k = 0; k < bandWeights.length; k++) {
      const bandWidth = (bounds[k + 1] as number) - (bounds[k] as number);
      perfect += (bandWeights[k] as number) * bandWidth;
    }
    return area / perfect;
  },
};
