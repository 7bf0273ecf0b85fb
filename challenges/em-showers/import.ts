import { stat } from "node:fs/promises";
import path from "node:path";

import type { ImportOptions } from "../../lib/course/challenge-data";
import { readCsvRecords, SourceFormatError } from "../../lib/course/csv-reader";
import { CsvWriter } from "../../lib/course/csv-writer";
import { buildData, type DataSource } from "../../lib/course/data-folders";
import { createRandom } from "../../lib/course/random";
import { usageOf } from "../../lib/course/split";
import { answerKeyFile, baselineFile, publicFraction, testBrickFraction, testFile, trainingFile } from "./files";
import { slug } from "./generate";
import { baselineScore, featureColumns } from "./showers";

const required = [...featureColumns, "signal"];

/**
 * Imports labelled basetracks, reading the file twice as a stream. The
 * first pass checks the header and assigns each brick (`data_ind`) to the
 * training or the test set in order of appearance. The second pass writes
 * each basetrack to its brick's set, so one shower never lands in both.
 * Without `data_ind` every row is its own brick.
 */
export async function importShowers(options: ImportOptions): Promise<DataSource> {
  const file = options.from;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    throw new SourceFormatError(`${file}: not a file; give a CSV of labelled basetracks (${required.join(", ")})`);
  }
  let header: string[] = [];
  const bricks = new Map<string, boolean>();
  const random = createRandom(options.seed);
  let brickColumn = -1;
  let rows = 0;
  for await (const record of readCsvRecords(file)) {
    if (header.length === 0) {
      header = record.cells.map((cell) => cell.trim());
      const missing = required.filter((name) => !header.includes(name));
      if (missing.length > 0) {
        throw new SourceFormatError(`${file}: missing column${missing.length > 1 ? "s" : ""} ${missing.map((name) => `"${name}"`).join(", ")}`);
      }
      brickColumn = header.indexOf("data_ind");
      continue;
    }
    rows++;
    const brick = brickColumn >= 0 ? (record.cells[brickColumn] ?? "") : String(rows);
    if (!bricks.has(brick)) bricks.set(brick, random.uniform() < testBrickFraction);
  }
  const index = Object.fromEntries(required.map((name) => [name, header.indexOf(name)]));

  return buildData(options.bundleDir, async (build) => {
    const training = new CsvWriter(path.join(build.publicDir, trainingFile), ["data_ind", ...featureColumns, "signal"]);
    const test = new CsvWriter(path.join(build.publicDir, testFile), ["id", "data_ind", ...featureColumns]);
    const key = new CsvWriter(path.join(build.hiddenDir, answerKeyFile), ["id", "signal", "Usage"]);
    const baseline = new CsvWriter(path.join(build.publicDir, baselineFile), ["id", "signal"]);
    let row = 0;
    let first = true;
    for await (const record of readCsvRecords(file)) {
      if (first) {
        first = false;
        continue;
      }
      row++;
      const brick = brickColumn >= 0 ? (record.cells[brickColumn] ?? "") : String(row);
      const values: Record<string, number> = {};
      for (const name of required) {
        const cell = (record.cells[index[name] as number] ?? "").trim();
        const value = cell === "" ? Number.NaN : Number(cell);
        if (!Number.isFinite(value)) {
          throw new SourceFormatError(`${file}, line ${record.line}, column "${name}": expected a finite number, found "${cell}"`);
        }
        values[name] = value;
      }
      if (values.signal !== 0 && values.signal !== 1) {
        throw new SourceFormatError(`${file}, line ${record.line}, column "signal": expected 0 or 1, found "${values.signal}"`);
      }
      const features = featureColumns.map((name) => values[name] as number);
      if (bricks.get(brick)) {
        const id = test.rowCount;
        await test.writeRow([id, brick, ...features]);
        await key.writeRow([id, values.signal as number, usageOf(random.uniform() < publicFraction)]);
        await baseline.writeRow([id, baselineScore({ TX: values.TX as number, TY: values.TY as number })]);
      } else {
        await training.writeRow([brick, ...features, values.signal as number]);
      }
    }
    await Promise.all([training.close(), test.close(), key.close(), baseline.close()]);
    return {
      kind: "imported",
      slug,
      description: `Emulsion basetracks imported from ${path.basename(file)}, split by brick`,
      seed: options.seed,
      inputs: [{ file: path.basename(file), use: "labelled basetracks, split into training and test by brick" }],
      rows: {
        [trainingFile]: training.rowCount,
        [testFile]: test.rowCount,
        [answerKeyFile]: key.rowCount,
        [baselineFile]: baseline.rowCount,
      },
    };
  });
}
