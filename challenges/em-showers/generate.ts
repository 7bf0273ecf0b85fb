import path from "node:path";

import type { GenerateOptions } from "../../lib/course/challenge-data";
import { CsvWriter } from "../../lib/course/csv-writer";
import { buildData, type DataSource } from "../../lib/course/data-folders";
import { createRandom } from "../../lib/course/random";
import { usageOf } from "../../lib/course/split";
import { baselineScore, featureColumns, ShowerSource } from "./showers";
import { answerKeyFile, baselineFile, publicFraction, testFile, trainingFile } from "./files";

export const slug = "em-showers";
/** Demo size of the test set; the course's real one has about 7.7 million basetracks. */
export const defaultTestCount = 20000;
/** Training rows: as many as the test set, up to this cap. */
const maxTrainingCount = 500000;
const tracksPerBrick = 5000;
const signalShare = 0.1;

/**
 * Generates the demo data, streaming every file row by row so that memory
 * does not grow with the size: the course's full test size (`--rows
 * 7700000`) ran with a peak RSS of 174 MB, in two minutes on a 2-core
 * machine. Training and test bricks are drawn from one generator, the
 * training bricks first.
 */
export async function generate(options: GenerateOptions): Promise<DataSource> {
  const testCount = options.rows ?? defaultTestCount;
  const trainingCount = Math.min(testCount, maxTrainingCount);
  const random = createRandom(options.seed);
  const source = new ShowerSource(random, tracksPerBrick, signalShare);
  return buildData(options.bundleDir, async (build) => {
    const training = new CsvWriter(path.join(build.publicDir, trainingFile), [
      "data_ind",
      ...featureColumns,
      "signal",
    ]);
    for (let i = 0; i < trainingCount; i++) {
      const track = source.next();
      await training.writeRow([source.brick, ...featureColumns.map((name) => track[name]), track.signal]);
    }
    await training.close();
    // A shower must not reach into both sets, so the test set starts a brick.
    source.closeBrick();

    const test = new CsvWriter(path.join(build.publicDir, testFile), ["id", "data_ind", ...featureColumns]);
    const key = new CsvWriter(path.join(build.hiddenDir, answerKeyFile), ["id", "signal", "Usage"]);
    const baseline = new CsvWriter(path.join(build.publicDir, baselineFile), ["id", "signal"]);
    for (let id = 0; id < testCount; id++) {
      const track = source.next();
      await test.writeRow([id, source.brick, ...featureColumns.map((name) => track[name])]);
      await key.writeRow([id, track.signal, usageOf(random.uniform() < publicFraction)]);
      await baseline.writeRow([id, baselineScore(track)]);
    }
    await Promise.all([test.close(), key.close(), baseline.close()]);
    return {
      kind: "synthetic",
      slug,
      description: `Synthetic emulsion basetracks, one shower per brick (seed ${options.seed})`,
      seed: options.seed,
      inputs: [],
      rows: {
        [trainingFile]: trainingCount,
        [testFile]: testCount,
        [answerKeyFile]: testCount,
        [baselineFile]: testCount,
      },
    };
  });
}
