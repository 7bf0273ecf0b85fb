/**
 * Agreement test: the weighted two-sample Kolmogorov-Smirnov distance
 * between the predictions on real and on simulated events.
 *
 * A classifier trained on simulated signal can learn to tell simulation
 * from real data instead of signal from background. The agreement test of
 * the Flavours of Physics challenge (Kaggle, 2015) catches that: on a
 * control channel that exists in both, the prediction distributions of
 * real events (sWeighted, so some weights are negative) and simulated
 * events must match. The challenge required a value below 0.09; the
 * threshold belongs to the challenge definition, not to this metric.
 *
 * Definition: normalise the weights of each sample to sum 1, and let
 * F_real(t) and F_sim(t) be the weighted fractions of each sample with a
 * score at or above t. The value is the max over every distinct score t of
 * |F_real(t) - F_sim(t)|, so tied scores move together.
 *
 * Source: `compute_ks` in the challenge's starter-kit evaluation code,
 * which normalises both weight vectors and takes max |fpr - tpr| of
 * `sklearn.metrics.roc_curve` with real events as label 0 and simulated
 * ones as label 1. `negative_weights: "move_to_simulation"` is the course's
 * variant: a real event with weight w < 0 counts as a simulated event with
 * weight |w| before both samples are normalised.
 *
 * Input: `labels` 0 (real) or 1 (simulated), finite `scores`, and finite
 * `weights`, which may be negative for real events only. Each sample's
 * total weight (after moving, in the course's variant) must be positive.
 *
 * Range [0, 1] when the weights are non-negative (a negative weight can
 * push a cumulative fraction outside [0, 1]), minimize: 0 means matching
 * distributions.
 *
 * Complexity: O(n) after an O(n) radix argsort.
 *
 * Example: labels [0, 0, 1, 1], scores [0.2, 0.6, 0.4, 0.6], weights all 1.
 * At or above 0.6 both fractions are 1/2, at or above 0.4 real has 1/2 and
 * simulated 1, and at or above 0.2 both are 1. The value is 0.5.
 */
import { z } from "zod";

import { forEachScoreGroupBatch } from "./score-groups";
import { MetricInputError, type Metric } from "./types";
import { checkFiniteSum, readBinaryInput } from "./validate";

export const ksAgreementParamsSchema = z
  .object({
    negative_weights: z.enum(["keep", "move_to_simulation"]).default("keep"),
  })
  .strict();

export type KsAgreementParams = z.infer<typeof ksAgreementParamsSchema>;

const SAMPLE_NAMES = ["real", "simulated"] as const;

export const ksAgreement: Metric<KsAgreementParams> = {
  id: "ks_agreement",
  direction: "minimize",
  requires: ["labels", "scores", "weights"],
  optional: [],
  paramsSchema: ksAgreementParamsSchema,
  compute(input, params) {
    const id = "ks_agreement";
    const { labels, scores, weights } = readBinaryInput(input, id, {
      weights: "required",
      negativeWeights: true,
    });
    const sampleWeights = weights as Float64Array;
    const moved = params.negative_weights === "move_to_simulation";

    // Route each row to a sample (real 0, simulated 1) with a weight.
    const sample = new Uint8Array(labels.length);
    const weight = new Float64Array(labels.length);
    const totals = [0, 0];
    for (let i = 0; i < labels.length; i++) {
      const w = sampleWeights[i] as number;
      if (labels[i] === 1 && w < 0) {
        throw new MetricInputError(
          "weights",
          `weights[${i}] is negative for a simulated event (label 1); ` +
            "only real events (label 0) may have negative sWeights.",
          i,
        );
      }
      const toSimulation = labels[i] === 1 || (moved && w < 0);
      sample[i] = toSimulation ? 1 : 0;
      weight[i] = toSimulation ? Math.abs(w) : w;
      totals[sample[i] as 0 | 1]! += weight[i] as number;
    }
    for (const index of [0, 1] as const) {
      checkFiniteSum("weights", totals[index] as number);
      if ((totals[index] as number) > 0) continue;
      throw new MetricInputError(
        "weights",
        `ks_agreement is undefined: the ${SAMPLE_NAMES[index]} events ` +
          `(label ${index}) have no rows or a total weight that is not ` +
          "positive.",
      );
    }

    // Sums carry over between batches in an object, because doubles that a
    // closure writes are boxed on every write.
    const walk = { realAbove: 0, simulatedAbove: 0, distance: 0 };
    const [realTotal, simulatedTotal] = totals as [number, number];
    forEachScoreGroupBatch(sample, scores, weight, (batch) => {
      let { realAbove, simulatedAbove, distance } = walk;
      for (let g = 0; g < batch.count; g++) {
        realAbove += batch.negative[g] as number;
        simulatedAbove += batch.positive[g] as number;
        const gap = Math.abs(
          realAbove / realTotal - simulatedAbove / simulatedTotal,
        );
        if (gap > distance) distance = gap;
      }
      Object.assign(walk, { realAbove, simulatedAbove, distance });
    });
    return walk.distance;
  },
};
