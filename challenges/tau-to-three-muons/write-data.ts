import path from "node:path";

import { writeCsv, type CsvCell } from "../../lib/course/csv-writer";
import type { DataBuild } from "../../lib/course/data-folders";
import type { Random } from "../../lib/course/random";
import { drawMask, shuffledIndices, usageOf } from "../../lib/course/split";
import {
  agreementFile,
  answerKeyFile,
  baselineFile,
  correlationFile,
  featureColumns,
  publicFraction,
  testFile,
  testFraction,
  trainingFile,
  type Features,
} from "./columns";

/** One candidate. `signal` and `weight` are set where the sample has them. */
export interface TauEvent {
  id: number;
  features: Features;
  mass: number;
  signal: 0 | 1;
  weight: number;
}

export interface TauSamples {
  /** Labelled events (signal 1 simulated tau -> 3 mu, 0 background). */
  labelled: TauEvent[];
  /** Control channel: signal 0 real with sWeight, 1 simulated with weight. */
  agreement: TauEvent[];
  /** Background events with mass; their `signal` is 0. */
  correlation: TauEvent[];
}

/**
 * Computes the baseline model's prediction, a hand-made logistic score of
 * the flight-distance significance, the vertex fit quality and the
 * isolation counts. It uses
 * no momentum (which tracks the mass) and no SPD hits (which differ
 * between data and simulation), so it passes both checks by design.
 */
export function baselinePrediction(features: Features): number {
  const flightSignificance = Math.log(Math.max(features.FlightDistance / features.FlightDistanceError, 1e-6));
  const isolation = features.isolationa + features.isolationb + features.isolationc;
  const z = 0.8 * flightSignificance - 0.15 * features.VertexChi2 - 0.25 * isolation + 0.5;
  return 1 / (1 + Math.exp(-z));
}

/** Builds each CSV row only when the writer requests it, to bound memory. */
function* lazyRows<T>(items: readonly T[], toRow: (item: T) => CsvCell[]): Generator<CsvCell[]> {
  for (const item of items) yield toRow(item);
}

/**
 * Assigns `count` new ids that differ from every id in `taken`: the
 * smallest free positive integers, in a seeded random order, so that test
 * rows of different roles interleave when sorted by id.
 */
export function freshIds(random: Random, count: number, taken: ReadonlySet<number>): number[] {
  const pool: number[] = [];
  for (let id = 1; pool.length < count; id++) if (!taken.has(id)) pool.push(id);
  return shuffledIndices(random, count).map((index) => pool[index] as number);
}

/**
 * Splits the labelled events into training and test parts (one draw per
 * event, in the given order), the test part into public and private, and
 * writes the public files, the answer key and the baseline submission.
 * test.csv holds the test, agreement and correlation events, sorted by id:
 * one prediction file covers the metric and both checks.
 */
export async function writeTauData(
  build: DataBuild,
  samples: TauSamples,
  random: Random,
): Promise<Record<string, number>> {
  const inTest = drawMask(random, samples.labelled.length, testFraction);
  const training = samples.labelled.filter((_, i) => !inTest[i]);
  const test = samples.labelled.filter((_, i) => inTest[i]);
  const isPublic = drawMask(random, test.length, publicFraction);
  const features = (event: TauEvent): CsvCell[] => featureColumns.map((column) => event.features[column]);

  await writeCsv(
    path.join(build.publicDir, trainingFile),
    ["id", ...featureColumns, "mass", "signal"],
    lazyRows(training, (event) => [event.id, ...features(event), event.mass, event.signal]),
  );
  await writeCsv(
    path.join(build.publicDir, agreementFile),
    ["id", ...featureColumns, "signal", "weight"],
    lazyRows(samples.agreement, (event) => [event.id, ...features(event), event.signal, event.weight]),
  );
  await writeCsv(
    path.join(build.publicDir, correlationFile),
    ["id", ...featureColumns, "mass"],
    lazyRows(samples.correlation, (event) => [event.id, ...features(event), event.mass]),
  );

  const keyed = [
    ...test.map((event, i) => ({ event, role: "test", usage: usageOf(isPublic[i] as boolean) as string })),
    ...samples.agreement.map((event) => ({ event, role: "agreement", usage: "Ignored" })),
    ...samples.correlation.map((event) => ({ event, role: "correlation", usage: "Ignored" })),
  ].sort((a, b) => a.event.id - b.event.id);
  for (let i = 1; i < keyed.length; i++) {
    if (keyed[i]?.event.id === keyed[i - 1]?.event.id) {
      throw new Error(`id ${keyed[i]?.event.id} is used by two events of the test file`);
    }
  }
  await writeCsv(
    path.join(build.publicDir, testFile),
    ["id", ...featureColumns],
    lazyRows(keyed, ({ event }) => [event.id, ...features(event)]),
  );
  await writeCsv(
    path.join(build.hiddenDir, answerKeyFile),
    ["id", "role", "signal", "weight", "mass", "Usage"],
    lazyRows(keyed, ({ event, role, usage }) => [event.id, role, event.signal, event.weight, event.mass, usage]),
  );
  await writeCsv(
    path.join(build.publicDir, baselineFile),
    ["id", "prediction"],
    lazyRows(keyed, ({ event }) => [event.id, baselinePrediction(event.features)]),
  );
  return {
    [trainingFile]: training.length,
    [testFile]: keyed.length,
    [agreementFile]: samples.agreement.length,
    [correlationFile]: samples.correlation.length,
    [answerKeyFile]: keyed.length,
    [baselineFile]: keyed.length,
  };
}
