import path from "node:path";

import { writeCsv, type CsvCell } from "../../lib/course/csv-writer";
import type { DataBuild } from "../../lib/course/data-folders";
import type { Random } from "../../lib/course/random";
import { drawMask, usageOf } from "../../lib/course/split";
import {
  answerKeyFile,
  baselineFile,
  featureColumns,
  publicFraction,
  testFile,
  testFraction,
  trainFile,
  undefinedValue,
  type FeatureColumn,
} from "./columns";

export interface LabelledEvent {
  eventId: number;
  features: Record<FeatureColumn, number>;
  label: "s" | "b";
  weight: number;
}

/** Share of the test events the baseline classifies as signal. */
const baselineSignalShare = 0.15;

/**
 * Ranks events for the baseline: by closeness of DER_mass_MMC to the Higgs
 * mass (125 GeV), events without an MMC mass last; ties by EventId. Returns
 * each event's rank, 1 the least and n the most signal-like.
 */
export function baselineRanks(events: readonly LabelledEvent[]): number[] {
  const score = (event: LabelledEvent) => {
    const mass = event.features.DER_mass_MMC;
    return mass === undefinedValue ? -Infinity : -Math.abs(mass - 125);
  };
  const order = events.map((_, i) => i);
  order.sort((i, j) => {
    const a = events[i] as LabelledEvent;
    const b = events[j] as LabelledEvent;
    return score(a) - score(b) || a.eventId - b.eventId;
  });
  const ranks = new Array<number>(events.length);
  order.forEach((index, position) => (ranks[index] = position + 1));
  return ranks;
}

/**
 * Splits the events (in the given order) into train and test with one
 * draw per event, then the test events into public and private with a
 * second pass of draws, and writes train.csv, test.csv, the answer key and
 * the baseline submission.
 */
export async function writeHiggsData(
  build: DataBuild,
  events: readonly LabelledEvent[],
  random: Random,
): Promise<Record<string, number>> {
  const inTest = drawMask(random, events.length, testFraction);
  const train = events.filter((_, i) => !inTest[i]);
  const test = events.filter((_, i) => inTest[i]);
  const isPublic = drawMask(random, test.length, publicFraction);
  const features = (event: LabelledEvent): CsvCell[] => featureColumns.map((column) => event.features[column]);

  await writeCsv(
    path.join(build.publicDir, trainFile),
    ["EventId", ...featureColumns, "Weight", "Label"],
    train.map((event) => [event.eventId, ...features(event), event.weight, event.label]),
  );
  await writeCsv(
    path.join(build.publicDir, testFile),
    ["EventId", ...featureColumns],
    test.map((event) => [event.eventId, ...features(event)]),
  );
  await writeCsv(
    path.join(build.hiddenDir, answerKeyFile),
    ["EventId", "Label", "Weight", "Usage"],
    test.map((event, i) => [event.eventId, event.label, event.weight, usageOf(isPublic[i] as boolean)]),
  );
  const ranks = baselineRanks(test);
  const signalFrom = test.length - Math.floor(baselineSignalShare * test.length);
  await writeCsv(
    path.join(build.publicDir, baselineFile),
    ["EventId", "RankOrder", "Class"],
    test.map((event, i) => {
      const rank = ranks[i] as number;
      return [event.eventId, rank, rank > signalFrom ? "s" : "b"];
    }),
  );
  return {
    [trainFile]: train.length,
    [testFile]: test.length,
    [answerKeyFile]: test.length,
    [baselineFile]: test.length,
  };
}
