import path from "node:path";

import { writeCsv } from "../../lib/course/csv-writer";
import type { DataBuild } from "../../lib/course/data-folders";
import type { Random } from "../../lib/course/random";
import { drawMask, usageOf } from "../../lib/course/split";
import {
  answerKeyFile,
  baselineFile,
  particleTypes,
  publicFraction,
  testFile,
  testFraction,
  trainingFile,
  type ParticleType,
} from "./columns";

/** Labelled tracks: one label and one row of `featureNames` values each. */
export interface LabelledTracks {
  featureNames: readonly string[];
  labels: ParticleType[];
  rows: number[][];
}

/**
 * Computes the baseline prediction: the class frequencies of the training
 * part, the best prediction that ignores the features.
 */
export function classFrequencies(labels: readonly ParticleType[]): number[] {
  return particleTypes.map((type) => labels.filter((label) => label === type).length / labels.length);
}

/**
 * Splits the tracks into training and test parts (one draw per track in
 * the given order), the test part into public and private, numbers the
 * test tracks 0..n-1 in the `ID` column, and writes the files.
 */
export async function writePidData(
  build: DataBuild,
  tracks: LabelledTracks,
  random: Random,
): Promise<Record<string, number>> {
  const inTest = drawMask(random, tracks.labels.length, testFraction);
  const training: number[] = [];
  const test: number[] = [];
  inTest.forEach((isTest, i) => (isTest ? test : training).push(i));
  const isPublic = drawMask(random, test.length, publicFraction);
  const row = (i: number) => tracks.rows[i] as number[];
  const label = (i: number) => tracks.labels[i] as ParticleType;

  await writeCsv(
    path.join(build.publicDir, trainingFile),
    [...tracks.featureNames, "Label"],
    training.map((i) => [...row(i), label(i)]),
  );
  await writeCsv(
    path.join(build.publicDir, testFile),
    ["ID", ...tracks.featureNames],
    test.map((i, id) => [id, ...row(i)]),
  );
  await writeCsv(
    path.join(build.hiddenDir, answerKeyFile),
    ["ID", "Label", "Usage"],
    test.map((i, id) => [id, label(i), usageOf(isPublic[id] as boolean)]),
  );
  const frequencies = classFrequencies(training.map(label));
  await writeCsv(
    path.join(build.publicDir, baselineFile),
    ["ID", ...particleTypes],
    test.map((_, id) => [id, ...frequencies]),
  );
  return {
    [trainingFile]: training.length,
    [testFile]: test.length,
    [answerKeyFile]: test.length,
    [baselineFile]: test.length,
  };
}
