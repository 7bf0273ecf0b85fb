import { stat } from "node:fs/promises";
import path from "node:path";

import type { ImportOptions } from "../../lib/course/challenge-data";
import { readCsvTable, SourceFormatError } from "../../lib/course/csv-reader";
import { buildData, type DataSource } from "../../lib/course/data-folders";
import { createRandom } from "../../lib/course/random";
import { particleTypes, type ParticleType } from "./columns";
import { slug } from "./generate";
import { writePidData } from "./write-data";

/** Columns of the course's file that are not features. */
const nonFeatures = new Set(["Label", "ID", "id", ""]);

/**
 * Imports the course's labelled PID file (training.csv: a `Label` column
 * with the particle type and numeric feature columns) and splits it into
 * training and test parts. Every column other than `Label` and an id
 * column becomes a feature, in the file's order.
 */
export async function importPid(options: ImportOptions): Promise<DataSource> {
  let file = options.from;
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new SourceFormatError(`${file}: not found; give the course's training.csv`);
  if (info.isDirectory()) {
    const candidates = ["training.csv", "training.csv.gz"].map((name) => path.join(file, name));
    const found = [];
    for (const candidate of candidates) if (await stat(candidate).catch(() => undefined)) found.push(candidate);
    if (!found[0]) throw new SourceFormatError(`${file}: the folder has no training.csv`);
    file = found[0];
  }
  const table = await readCsvTable(file);
  table.requireColumns(["Label"]);
  const featureNames = table.header.filter((name) => !nonFeatures.has(name));
  if (featureNames.length === 0) throw new SourceFormatError(`${file}: no feature columns besides Label`);
  const labels = table.text("Label").map((label, i) => {
    if (!(particleTypes as readonly string[]).includes(label)) {
      throw new SourceFormatError(
        `${file}, line ${table.lines[i]}, column "Label": expected one of ${particleTypes.join(", ")}, found "${label}"`,
      );
    }
    return label as ParticleType;
  });
  const columns = featureNames.map((name) => table.numbers(name));
  const rows = labels.map((_, i) => columns.map((column) => column[i] as number));
  return buildData(options.bundleDir, async (build) => ({
    kind: "imported",
    slug,
    description: `LHCb particle identification tracks (the course's ${path.basename(file)}), imported`,
    seed: options.seed,
    inputs: [{ file: path.basename(file), use: "labelled tracks, split into training and test" }],
    rows: await writePidData(build, { featureNames, labels, rows }, createRandom(options.seed)),
  }));
}
