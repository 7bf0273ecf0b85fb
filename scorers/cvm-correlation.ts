/**
 * Correlation test: how much the predictions depend on the reconstructed
 * mass, as a Cramer-von Mises (CvM) distance between the prediction
 * distribution in mass regions and the global one.
 *
 * A classifier that sculpts the background mass spectrum fakes a peak, so
 * the Flavours of Physics challenge (Kaggle, 2015) required its predictions
 * on background events to be flat in mass: a value below 0.002. The
 * threshold belongs to the challenge definition, not to this metric.
 *
 * `variant: "windowed"` (default), from `compute_cvm` in the challenge's
 * starter-kit evaluation code: sort the events by mass and replace each
 * prediction by its rank 0..N-1 among all predictions, ties broken by mass
 * order. Every `step` events a window of `window` consecutive events
 * starts, and windows that would run past the end are dropped. For each
 * window of m ranks with counting function c(r) (ranks <= r), the CvM
 * distance to the uniform rank distribution is
 *
 *   (1/N) sum_{r=0}^{N-1} ((r + 1)/N - c(r)/m)^2,
 *
 * and the value is the mean over windows. Masses tie in input order here,
 * while the starter kit's unstable numpy argsort broke mass ties in an
 * unspecified order.
 *
 * `variant: "binned"`, from hep_ml's `BinBasedCvM` (metrics.py and
 * metrics_utils.py) with every event in the uniform class and unit weights:
 * cut the mass range [min, max] into `bins` equal-width bins (a mass on an
 * inner edge goes to the lower bin). Over the distinct prediction values
 * u with global weight g_u (fraction of events), take the mid-point CDF
 * G(u) = sum_{v<u} g_v + g_u / 2, and likewise B(u) inside each bin. Then
 *
 *   value = sum_bins (bin events / N) * sum_u g_u (G(u) - B(u))^2.
 *
 * Input: finite `scores` and `mass` of equal length. The windowed variant
 * needs at least `window` events, the binned one at least one.
 *
 * Range: [0, 1), minimize; 0 means predictions independent of mass.
 *
 * Complexity: windowed O(N) for the radix argsorts plus O(m log m) per
 * window, each window's sum taken in closed form over the gaps between its
 * ranks. Binned O(N + U * bins) for U distinct predictions, which is why
 * `bins` is capped at 100.
 *
 * Example (windowed, window 2, step 1): masses [1, 2, 3] with predictions
 * [0.1, 0.3, 0.2] give ranks [0, 2, 1]. The window {0, 2} has c = [1, 1, 2]
 * against targets [1/3, 2/3, 1] and c/m = [1/2, 1/2, 1], so its distance is
 * (1/36 + 1/36 + 0) / 3 = 1/54. The window {2, 1} has c/m = [0, 1/2, 1] and
 * distance (1/9 + 1/36 + 0) / 3 = 5/108. The mean is 7/216.
 */
import { z } from "zod";

import { argsortFloat64, sortFloat64 } from "./sort";
import type { Metric } from "./types";
import {
  checkFinite,
  checkLength,
  checkMinRows,
  requireField,
  toFloat64,
} from "./validate";

export const cvmCorrelationParamsSchema = z
  .object({
    variant: z.enum(["windowed", "binned"]).default("windowed"),
    window: z.number().int().min(1).default(200),
    step: z.number().int().min(1).default(50),
    bins: z.number().int().min(1).max(100).default(10),
  })
  .strict();

export type CvmCorrelationParams = z.infer<typeof cvmCorrelationParamsSchema>;

/**
 * Returns the CvM distance of one window, given its ranks sorted ascending
 * (distinct, in [0, total)). Each gap between consecutive ranks has a
 * constant c(r), so its squared differences form an arithmetic series with
 * a closed-form sum.
 */
export function windowDistance(
  sortedRanks: Uint32Array,
  total: number,
): number {
  const m = sortedRanks.length;
  const h = 1 / total;
  let sum = 0;
  let start = 0;
  for (let j = 0; j <= m; j++) {
    const end = j < m ? (sortedRanks[j] as number) : total;
    const length = end - start;
    if (length > 0) {
      // Terms ((r + 1)/N - j/m)^2 for r = start .. end - 1.
      const first = (start + 1) * h - j / m;
      sum +=
        length * first * first +
        first * h * length * (length - 1) +
        (h * h * (length - 1) * length * (2 * length - 1)) / 6;
    }
    start = end;
  }
  return sum / total;
}

function windowedCvm(
  scores: Float64Array,
  mass: Float64Array,
  window: number,
  step: number,
): number {
  const n = scores.length;
  const massOrder = argsortFloat64(mass);
  const scoresByMass = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    scoresByMass[j] = scores[massOrder[j] as number] as number;
  }
  // The stable argsort breaks prediction ties by position, which is mass
  // order here.
  const rankOrder = argsortFloat64(scoresByMass);
  const ranks = new Uint32Array(n);
  for (let r = 0; r < n; r++) ranks[rankOrder[r] as number] = r;

  const windowRanks = new Uint32Array(window);
  let sum = 0;
  let windows = 0;
  for (let start = 0; start + window <= n; start += step) {
    windowRanks.set(ranks.subarray(start, start + window));
    windowRanks.sort();
    sum += windowDistance(windowRanks, n);
    windows++;
  }
  return sum / windows;
}

/**
 * Returns how many of the ascending `edges` are strictly below `value`, the
 * index numpy.searchsorted(edges, value) returns.
 */
function countBelow(edges: readonly number[], value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((edges[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function binnedCvm(
  scores: Float64Array,
  mass: Float64Array,
  bins: number,
): number {
  const n = scores.length;
  let minMass = Infinity;
  let maxMass = -Infinity;
  for (let i = 0; i < n; i++) {
    minMass = Math.min(minMass, mass[i] as number);
    maxMass = Math.max(maxMass, mass[i] as number);
  }
  // Inner edges as numpy.linspace(min, max, bins + 1)[1:-1] computes them.
  const width = (maxMass - minMass) / bins;
  const edges = Array.from(
    { length: bins - 1 },
    (_, k) => (k + 1) * width + minMass,
  );
  const binOf = new Uint32Array(n);
  const binSize = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const bin = countBelow(edges, mass[i] as number);
    binOf[i] = bin;
    binSize[bin]! += 1;
  }

  const { order, sorted } = sortFloat64(scores);
  const below = new Float64Array(bins);
  const inGroup = new Float64Array(bins);
  let globalBelow = 0;
  let value = 0;
  let start = 0;
  while (start < n) {
    const score = sorted[start] as number;
    let end = start;
    while (end < n && sorted[end] === score) {
      inGroup[binOf[order[end] as number] as number]! += 1;
      end++;
    }
    const groupShare = (end - start) / n;
    const globalCdf = globalBelow + groupShare / 2;
    for (let bin = 0; bin < bins; bin++) {
      const size = binSize[bin] as number;
      if (size === 0) continue;
      const binBelow = below[bin] as number;
      const binCdf = (binBelow + (inGroup[bin] as number) / 2) / size;
      const gap = globalCdf - binCdf;
      value += (size / n) * groupShare * gap * gap;
      below[bin]! += inGroup[bin] as number;
      inGroup[bin] = 0;
    }
    globalBelow += groupShare;
    start = end;
  }
  return value;
}

export const cvmCorrelation: Metric<CvmCorrelationParams> = {
  id: "cvm_correlation",
  direction: "minimize",
  requires: ["scores", "mass"],
  optional: [],
  paramsSchema: cvmCorrelationParamsSchema,
  compute(input, params) {
    const id = "cvm_correlation";
    const scores = toFloat64(requireField(input, "scores", id));
    const mass = toFloat64(requireField(input, "mass", id));
    checkLength("mass", mass, scores.length, "scores");
    checkFinite("scores", scores);
    checkFinite("mass", mass);
    if (params.variant === "binned") {
      checkMinRows("scores", scores.length, 1, "by the binned cvm_correlation");
      return binnedCvm(scores, mass, params.bins);
    }
    checkMinRows(
      "scores",
      scores.length,
      params.window,
      `to fill one window of ${params.window} events; lower the window ` +
        "parameter or pass more events",
    );
    return windowedCvm(scores, mass, params.window, params.step);
  },
};
