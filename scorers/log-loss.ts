/**
 * Multiclass log loss (cross-entropy) of predicted class probabilities,
 * with optional sample weights.
 *
 * Definition: each probability is clipped to [eps, 1 - eps] and each row
 * is divided by its sum, then
 *
 *   log_loss = -sum_i w_i ln p_(i, y_i)  /  sum_i w_i
 *
 * where y_i is the true class of row i. This follows
 * `sklearn.metrics.log_loss(labels, probabilities, eps=1e-15,
 * sample_weight=weights, labels=range(classes))` (scikit-learn 1.2, which
 * clips before it renormalises). Clipping keeps the loss finite when a true
 * class gets probability 0. Renormalising removes the reward for rows that
 * do not sum to 1.
 *
 * Input: `labels` integer class indices 0..classes-1, `probabilities` a
 * row-major n x classes array of values in [0, 1] (a value outside [0, 1]
 * is rejected, not clipped), `classes` >= 2, and optional finite
 * non-negative `weights` with a positive total. A class may be absent from
 * the labels, because `classes` fixes the columns.
 *
 * Range [0, -ln(eps / (classes - 1))], about 34.5 for two classes with the
 * default eps, minimize.
 * Complexity O(n * classes).
 *
 * Example: labels [0, 1], probabilities [[0.8, 0.2], [0.4, 0.6]] give
 * -(ln 0.8 + ln 0.6) / 2 = 0.3670 (4 d.p.).
 */
import { z } from "zod";

import { MetricInputError, type Metric } from "./types";
import {
  checkFinite,
  checkFiniteSum,
  checkLength,
  checkMinRows,
  checkNonNegative,
  checkRange,
  requireField,
  toClassLabels,
  toFloat64,
} from "./validate";

export const logLossParamsSchema = z
  .object({ eps: z.number().gt(0).lt(0.5).default(1e-15) })
  .strict();

export type LogLossParams = z.infer<typeof logLossParamsSchema>;

function readClassCount(classes: number | undefined): number {
  if (classes === undefined) {
    throw new MetricInputError(
      "classes",
      "log_loss requires classes, the number of columns of probabilities, " +
        "but it is missing.",
    );
  }
  if (!Number.isInteger(classes) || classes < 2) {
    throw new MetricInputError(
      "classes",
      `classes is ${classes}; log_loss needs an integer of at least 2.`,
    );
  }
  return classes;
}

export const logLoss: Metric<LogLossParams> = {
  id: "log_loss",
  direction: "minimize",
  requires: ["labels", "probabilities", "classes"],
  optional: ["weights"],
  paramsSchema: logLossParamsSchema,
  compute(input, params) {
    const id = "log_loss";
    const classes = readClassCount(input.classes);
    const labels = toClassLabels(requireField(input, "labels", id), classes);
    const n = labels.length;
    checkMinRows("labels", n, 1, "by log_loss");
    const probabilities = toFloat64(requireField(input, "probabilities", id));
    if (probabilities.length !== n * classes) {
      throw new MetricInputError(
        "probabilities",
        `probabilities has ${probabilities.length} values but labels has ` +
          `${n} rows of ${classes} classes (${n * classes} values); pass ` +
          "one row of class probabilities per label.",
      );
    }
    checkFinite("probabilities", probabilities);
    checkRange("probabilities", probabilities, 0, 1);

    let weights: Float64Array | undefined;
    if (input.weights !== undefined && input.weights !== null) {
      weights = toFloat64(input.weights);
      checkLength("weights", weights, n, "labels");
      checkFinite("weights", weights);
      checkNonNegative("weights", weights);
    }

    const low = params.eps;
    const high = 1 - params.eps;
    let lossSum = 0;
    let weightSum = 0;
    for (let i = 0; i < n; i++) {
      let rowSum = 0;
      for (let k = 0; k < classes; k++) {
        const p = probabilities[i * classes + k] as number;
        rowSum += Math.min(high, Math.max(low, p));
      }
      const p = probabilities[i * classes + (labels[i] as number)] as number;
      const clipped = Math.min(high, Math.max(low, p));
      const weight = weights ? (weights[i] as number) : 1;
      lossSum -= weight * Math.log(clipped / rowSum);
      weightSum += weight;
    }
    checkFiniteSum("weights", weightSum);
    checkFiniteSum("weights", lossSum);
    if (!(weightSum > 0)) {
      throw new MetricInputError(
        "weights",
        "log_loss is undefined: the total weight is 0. Pass at least one " +
          "row with a positive weight.",
      );
    }
    return lossSum / weightSum;
  },
};
