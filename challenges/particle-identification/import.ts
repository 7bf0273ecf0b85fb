import { stat } from "node:fs/promises";
import path from "node:path";

import type { ImportOptions } from "../../lib/course/challenge-data";
import { readCsvRecords, SourceFormatError, type CsvRecord } from "../../lib/course/csv-reader";
import { CsvWriter } from "../../lib/course/csv-writer";
import { buildData, type DataSource } from "../../lib/course/data-folders";
import { createRandom } from "../../lib/course/random";
import { usageOf } from "../../lib/course/split";
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
import { slug } from "./generate";

/** Columns of the course's file that are not features. */
const nonFeatures = new Set(["Label", "ID", "id", ""]);

async function findSource(from: string): Promise<string> {
  const info = await stat(from).catch(() => undefined);
  if (!info) throw new SourceFormatError(`${from}: not found; give the course's training.csv`);
  if (!info.isDirectory()) return from;
  for (const name of ["training.csv", "training.csv.gz"]) {
    const candidate = path.join(from, name);
    if (await stat(candidate).catch(() => undefined)) return candidate;
  }
  throw new SourceFormatError(`${from}: the folder has no training.csv`);
}

/** The header's layout: where the label is and which columns are features. */
interface Layout {
  labelIndex: number;
  featureNames: string[];
  featureIndices: number[];
}

function readLayout(file: string, header: string[]): Layout {
  const names = header.map((cell) => cell.trim());
  const labelIndex = names.indexOf("Label");
  if (labelIndex < 0) throw new SourceFormatError(`${file}: missing column "Label"`);
  const featureIndices = names.flatMap((name, i) => (nonFeatures.has(name) ? [] : [i]));
  if (featureIndices.length === 0) throw new SourceFormatError(`${file}: no feature columns besides Label`);
  return { labelIndex, featureNames: featureIndices.map((i) => names[i] as string), featureIndices };
}

function parseLabel(file: string, record: CsvRecord, layout: Layout): ParticleType {
  const label = (record.cells[layout.labelIndex] ?? "").trim();
  if (!(particleTypes as readonly string[]).includes(label)) {
    throw new SourceFormatError(
      `${file}, line ${record.line}, column "Label": expected one of ${particleTypes.join(", ")}, found "${label}"`,
    );
  }
  return label as ParticleType;
}

function parseFeatures(file: string, record: CsvRecord, layout: Layout): number[] {
  return layout.featureIndices.map((index, f) => {
    const cell = (record.cells[index] ?? "").trim();
    const value = cell === "" ? Number.NaN : Number(cell);
    if (!Number.isFinite(value)) {
      throw new SourceFormatError(
        `${file}, line ${record.line}, column "${layout.featureNames[f]}": expected a finite number, found "${cell}"`,
      );
    }
    return value;
  });
}

/**
 * Imports the course's labelled PID file (training.csv: a `Label` column
 * with the particle type and numeric feature columns) and splits it into
 * training and test parts. Every column other than `Label` and an id
 * column becomes a feature, in the file's order. The file is read twice
 * as a stream, so its size is not limited by memory. The first pass checks
 * every row and draws the train/test split, one draw per row in order, and
 * the second writes the files, drawing the public/private split of the
 * test rows in order. Those are the same draws as the demo generator's.
 */
export async function importPid(options: ImportOptions): Promise<DataSource> {
  const file = await findSource(options.from);
  const random = createRandom(options.seed);
  let layout: Layout | undefined;
  const inTest: boolean[] = [];
  const trainingCounts = new Map<ParticleType, number>(particleTypes.map((type) => [type, 0]));
  for await (const record of readCsvRecords(file)) {
    if (!layout) {
      layout = readLayout(file, record.cells);
      continue;
    }
    const label = parseLabel(file, record, layout);
    parseFeatures(file, record, layout);
    const isTest = random.uniform() < testFraction;
    inTest.push(isTest);
    if (!isTest) trainingCounts.set(label, (trainingCounts.get(label) ?? 0) + 1);
  }
  if (!layout || inTest.length === 0) throw new SourceFormatError(`${file}: the file has no tracks`);
  const columns = layout;
  const trainingTotal = inTest.filter((isTest) => !isTest).length;
  const frequencies = particleTypes.map((type) => (trainingCounts.get(type) ?? 0) / trainingTotal);

  return buildData(options.bundleDir, async (build) => {
    const training = new CsvWriter(path.join(build.publicDir, trainingFile), [...columns.featureNames, "Label"]);
    const test = new CsvWriter(path.join(build.publicDir, testFile), ["ID", ...columns.featureNames]);
    const key = new CsvWriter(path.join(build.hiddenDir, answerKeyFile), ["ID", "Label", "Usage"]);
    const baseline = new CsvWriter(path.join(build.publicDir, baselineFile), ["ID", ...particleTypes]);
    // Index of the data row, -1 while reading the header.
    let row = -2;
    for await (const record of readCsvRecords(file)) {
      row++;
      if (row < 0) continue;
      const label = parseLabel(file, record, columns);
      const features = parseFeatures(file, record, columns);
      if (!inTest[row]) {
        await training.writeRow([...features, label]);
        continue;
      }
      const id = test.rowCount;
      await test.writeRow([id, ...features]);
      await key.writeRow([id, label, usageOf(random.uniform() < publicFraction)]);
      await baseline.writeRow([id, ...frequencies]);
    }
    await Promise.all([training.close(), test.close(), key.close(), baseline.close()]);
    return {
      kind: "imported",
      slug,
      description: `LHCb particle identification tracks (the course's ${path.basename(file)}), imported`,
      seed: options.seed,
      inputs: [{ file: path.basename(file), use: "labelled tracks, split into training and test" }],
      rows: {
        [trainingFile]: training.rowCount,
        [testFile]: test.rowCount,
        [answerKeyFile]: key.rowCount,
        [baselineFile]: baseline.rowCount,
      },
    };
  });
}
