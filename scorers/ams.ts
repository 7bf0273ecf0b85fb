/**
 * Discovery significance of a selection: the HiggsML approximate median
 * significance (AMS) and the simple s/sqrt(b) and s/sqrt(s + b).
 *
 * The selection is the set of events classified as signal (score 1). With
 * s the total weight of true signal (label 1) and b the total weight of
 * true background (label 0) among them:
 *
 *   ams = sqrt(2 ((s + b + b_r) ln(1 + s / (b + b_r)) - s))
 *
 * with the regularisation term b_r = 10 by default, as in the evaluation of
 * the HiggsML challenge (C. Adam-Bourdarios et al., "The Higgs boson
 * machine learning challenge", JMLR W&CP 42:19-55, 2015). The
 * `significance` metric returns s / sqrt(b) or s / sqrt(s + b), chosen by
 * `variant`.
 *
 * Input: `labels` 1 (signal) or 0 (background), `scores` 1 (classified as
 * signal) or 0, and finite non-negative `weights`. Both metrics are defined
 * with one class only (an empty selection scores 0). A denominator of zero
 * is rejected: b + b_r = 0 for ams, b = 0 for s / sqrt(b), s + b = 0 for
 * s / sqrt(s + b).
 *
 * Range [0, infinity), maximize. Complexity O(n).
 *
 * Example: labels [1, 1, 0, 0], scores [1, 0, 1, 0], weights [3, 5, 2, 7]
 * select s = 3 and b = 2. With b_r = 0, ams = sqrt(2 (5 ln 2.5 - 3)) =
 * 1.7785 (4 d.p.), s / sqrt(b) = 2.1213 and s / sqrt(s + b) = 1.3416.
 */
import { z } from "zod";

import { MetricInputError, type Metric, type MetricInput } from "./types";
import { checkFiniteSum, readBinaryInput } from "./validate";

export const amsParamsSchema = z
  .object({ b_r: z.number().nonnegative().finite().default(10) })
  .strict();

export type AmsParams = z.infer<typeof amsParamsSchema>;

export const significanceParamsSchema = z
  .object({
    variant: z
      .enum(["s_over_sqrt_b", "s_over_sqrt_s_plus_b"])
      .default("s_over_sqrt_b"),
  })
  .strict();

export type SignificanceParams = z.infer<typeof significanceParamsSchema>;

/** Sums the signal (s) and background (b) weight of the selected events. */
export function selectedWeights(
  input: MetricInput,
  metricId: string,
): { s: number; b: number } {
  const { labels, scores, weights } = readBinaryInput(input, metricId, {
    weights: "required",
  });
  const eventWeights = weights as Float64Array;
  let s = 0;
  let b = 0;
  for (let i = 0; i < labels.length; i++) {
    const score = scores[i] as number;
    if (score !== 0 && score !== 1) {
      throw new MetricInputError(
        "scores",
        `scores[${i}] is ${score}; ${metricId} needs a selection: 1 for ` +
          "an event classified as signal, 0 otherwise.",
        i,
      );
    }
    if (score === 0) continue;
    if (labels[i] === 1) s += eventWeights[i] as number;
    else b += eventWeights[i] as number;
  }
  checkFiniteSum("weights", s + b);
  return { s, b };
}

/**
 * Returns `value`, or rejects it when a denominator far below the signal
 * weight (for example b + b_r = 1e-320) made it overflow.
 */
function finiteValue(metricId: string, value: number): number {
  if (Number.isFinite(value)) return value;
  throw new MetricInputError(
    "weights",
    `${metricId} overflows a float64 because the background weight is ` +
      "tiny next to the signal weight; rescale the weights or raise b_r.",
  );
}

function rejectZeroDenominator(metricId: string, denominator: string): never {
  throw new MetricInputError(
    "weights",
    `${metricId} is undefined: ${denominator} is 0 for the selected events.`,
  );
}

export const ams: Metric<AmsParams> = {
  id: "ams",
  direction: "maximize",
  requires: ["labels", "scores", "weights"],
  optional: [],
  paramsSchema: amsParamsSchema,
  compute(input, params) {
    const { s, b } = selectedWeights(input, "ams");
    const background = b + params.b_r;
    if (background === 0) {
      rejectZeroDenominator("ams", "b + b_r (use b_r > 0)");
    }
    const radicand = 2 * ((s + background) * Math.log1p(s / background) - s);
    // The radicand is non-negative in exact arithmetic, but rounding can
    // make it a tiny negative number when s is much smaller than b + b_r.
    return finiteValue("ams", Math.sqrt(Math.max(0, radicand)));
  },
};

export const significance: Metric<SignificanceParams> = {
  id: "significance",
  direction: "maximize",
  requires: ["labels", "scores", "weights"],
  optional: [],
  paramsSchema: significanceParamsSchema,
  compute(input, params) {
    const { s, b } = selectedWeights(input, "significance");
    if (params.variant === "s_over_sqrt_b") {
      if (b === 0) rejectZeroDenominator("significance", "b");
      return finiteValue("significance", s / Math.sqrt(b));
    }
    if (s + b === 0) rejectZeroDenominator("significance", "s + b");
    return finiteValue("significance", s / Math.sqrt(s + b));
  },
};
