import { writeFile } from "node:fs/promises";
import path from "node:path";

import type { DataBuild } from "../../lib/course/data-folders";
import { selectedMasses, type DimuonEvents } from "./events";
import { histogramOverRange, type MassHistogram } from "./histogram";
import { histogramBins, type PeakParameters } from "./objective";

/** The baseline submission's file name in `public/`. */
export const baselineFile = "baseline.json";

/** Bins at each end of the histogram that estimate the flat background. */
const sidebandBins = 10;

/**
 * Computes the starting point of a fit by hand: m0 = 90 GeV (a round value near the
 * Z mass, 91.19 GeV), sigma = 3 GeV (the detector resolution and the Z
 * width together, roughly), the background as the mean count of the 10
 * lowest-mass and 10 highest-mass bins, and the amplitude that makes the
 * curve's peak height equal the tallest bin.
 */
export function startingParameters(histogram: MassHistogram): PeakParameters {
  const counts = histogram.counts;
  const sidebands = [...counts.slice(0, sidebandBins), ...counts.slice(-sidebandBins)];
  const background = sidebands.reduce((total, count) => total + count, 0) / sidebands.length;
  const tallest = Math.max(...counts);
  const sigma = 3;
  const amplitude = (tallest - background) * sigma * Math.sqrt(2 * Math.PI);
  return { m0: 90, sigma, amplitude, background };
}

/** Writes the baseline parameters computed from the events of a build. */
export async function writeBaseline(build: DataBuild, events: DimuonEvents): Promise<void> {
  const histogram = histogramOverRange(selectedMasses(events), histogramBins);
  const parameters = startingParameters(histogram);
  await writeFile(path.join(build.publicDir, baselineFile), JSON.stringify(parameters, null, 2) + "\n");
}
