import path from "node:path";
import { z } from "zod";

import { eventsFile, readDimuonEvents, selectedMasses } from "./events";
import { histogramOverRange, type MassHistogram } from "./histogram";

/** Bins of the mass histogram the curve is compared with. */
export const histogramBins = 120;

/**
 * The submitted model: a Gaussian peak of mean `m0` and width `sigma`
 * (GeV) with area `amplitude` (events x GeV per bin width), on a flat
 * `background` (events per bin).
 */
export const parametersSchema = z.strictObject({
  m0: z.number().finite(),
  sigma: z.number().finite().positive(),
  amplitude: z.number().finite(),
  background: z.number().finite(),
});

export type PeakParameters = z.infer<typeof parametersSchema>;

export interface PeakDetails {
  histogram: MassHistogram;
  /** The submitted curve at each bin centre. */
  curve: number[];
  selectedEvents: number;
}

/**
 * Model value at mass x: background + amplitude / (sigma sqrt(2 pi))
 * exp(-(x - m0)^2 / (2 sigma^2)).
 */
export function peakModel(x: number, params: PeakParameters): number {
  const z = (x - params.m0) / params.sigma;
  return (
    params.background +
    (params.amplitude / (params.sigma * Math.sqrt(2 * Math.PI))) * Math.exp(-0.5 * z * z)
  );
}

/** Mean over bins of (count - model at the bin centre)^2. Lower is better. */
export function meanSquaredResidual(
  histogram: MassHistogram,
  params: PeakParameters,
): { value: number; curve: number[] } {
  const curve = histogram.centres.map((x) => peakModel(x, params));
  let sum = 0;
  for (let i = 0; i < curve.length; i++) {
    const residual = (histogram.counts[i] as number) - (curve[i] as number);
    sum += residual * residual;
  }
  return { value: sum / curve.length, curve };
}

const histogramCache = new Map<string, Promise<MassHistogram>>();

/** Builds (once per file) the histogram of the selected events' masses. */
export function loadHistogram(file: string): Promise<MassHistogram> {
  let cached = histogramCache.get(file);
  if (!cached) {
    cached = readDimuonEvents(file).then((events) =>
      histogramOverRange(selectedMasses(events), histogramBins),
    );
    histogramCache.set(file, cached);
    cached.catch(() => histogramCache.delete(file));
  }
  return cached;
}

/**
 * Scores a parameter submission: the mean squared residual between the
 * selected events' mass histogram and the submitted curve.
 */
export async function evaluate(
  params: PeakParameters,
  context: { bundleDir: string; files?: Record<string, string> },
): Promise<{ value: number; details: PeakDetails }> {
  const checked = parametersSchema.parse(params);
  const file = context.files?.events ?? path.join(context.bundleDir, "public", eventsFile);
  const histogram = await loadHistogram(file);
  const { value, curve } = meanSquaredResidual(histogram, checked);
  const selectedEvents = histogram.counts.reduce((total, count) => total + count, 0);
  return { value, details: { histogram, curve, selectedEvents } };
}
