import { readdir, stat } from "node:fs/promises";
import path from "node:path";

import type { ImportOptions } from "../../lib/course/challenge-data";
import { readCsvRecords, SourceFormatError } from "../../lib/course/csv-reader";
import { buildData, type DataSource } from "../../lib/course/data-folders";
import { createRandom } from "../../lib/course/random";
import { featureColumns, type Features } from "./columns";
import { defaultLabelledCount, drawSamples, slug, withIds } from "./generate";
import { writeTauData, type TauEvent, type TauSamples } from "./write-data";

const kaggleFiles = ["training", "test", "check_agreement", "check_correlation"] as const;
type KaggleFile = (typeof kaggleFiles)[number];

/** Finds the Kaggle files present in a folder, as .csv or .csv.gz. */
async function findKaggleFiles(folder: string): Promise<Partial<Record<KaggleFile, string>>> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new SourceFormatError(
      `${folder}: not a folder; give the folder with the Kaggle files (training.csv, check_agreement.csv, check_correlation.csv, optionally gzipped)`,
    );
  }
  const names = new Set(await readdir(folder));
  const found: Partial<Record<KaggleFile, string>> = {};
  for (const base of kaggleFiles) {
    const name = [`${base}.csv`, `${base}.csv.gz`].find((candidate) => names.has(candidate));
    if (name) found[base] = path.join(folder, name);
  }
  return found;
}

type SampleKind = keyof TauSamples;

/** Columns each Kaggle file has besides `id` and the features. */
const extraColumns: Record<SampleKind, string[]> = {
  labelled: ["mass", "signal"],
  agreement: ["signal", "weight"],
  correlation: ["mass"],
};

/**
 * Reads one Kaggle file as a stream straight into events, checking every
 * cell, so only the parsed numbers stay in memory.
 */
async function readEvents(file: string, kind: SampleKind): Promise<TauEvent[]> {
  const events: TauEvent[] = [];
  let index: Map<string, number> | undefined;
  for await (const record of readCsvRecords(file)) {
    if (!index) {
      const header = record.cells.map((cell) => cell.trim());
      const missing = ["id", ...featureColumns, ...extraColumns[kind]].filter((name) => !header.includes(name));
      if (missing.length > 0) {
        const list = missing.map((name) => `"${name}"`).join(", ");
        throw new SourceFormatError(`${file}: missing column${missing.length > 1 ? "s" : ""} ${list}`);
      }
      index = new Map(header.map((name, i) => [name, i]));
      continue;
    }
    const columns = index;
    const read = (name: string): number => {
      const cell = (record.cells[columns.get(name) as number] ?? "").trim();
      const value = cell === "" ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) {
        throw new SourceFormatError(`${file}, line ${record.line}, column "${name}": expected a finite number, found "${cell}"`);
      }
      return value;
    };
    const features = {} as Features;
    for (const name of featureColumns) features[name] = read(name);
    let signal: 0 | 1 = 0;
    if (kind !== "correlation") {
      const label = read("signal");
      if (label !== 0 && label !== 1) {
        throw new SourceFormatError(`${file}, line ${record.line}, column "signal": expected 0 or 1, found "${label}"`);
      }
      signal = label;
    }
    events.push({
      id: read("id"),
      features,
      // check_agreement.csv has no mass column, and the checks need none there.
      mass: kind === "agreement" ? 0 : read("mass"),
      signal,
      weight: kind === "agreement" ? read("weight") : 1,
    });
  }
  return events;
}

/**
 * Imports the Flavours of Physics files found in a folder: training.csv
 * (split into training and test parts), check_agreement.csv and
 * check_correlation.csv. Each sample that is missing is generated, with
 * ids that avoid the real ones. The Kaggle test.csv is not used: its
 * labels were never published, so it cannot be scored.
 *
 * NOTE: the samples are held in memory as parsed events. A synthetic
 * check_agreement.csv of the Kaggle size (331,147 rows) imported in about
 * a minute with a peak RSS of 2.2 GB on a 2-core machine, and failed with
 * a 700 MB heap limit (`--max-old-space-size`).
 */
export async function importFlavours(options: ImportOptions): Promise<DataSource> {
  const files = await findKaggleFiles(options.from);
  if (!files.training && !files.check_agreement && !files.check_correlation) {
    throw new SourceFormatError(
      `${options.from}: none of training.csv, check_agreement.csv or check_correlation.csv (or .csv.gz) is in the folder`,
    );
  }
  const random = createRandom(options.seed);
  const real: Partial<Record<keyof TauSamples, TauEvent[]>> = {};
  if (files.training) real.labelled = await readEvents(files.training, "labelled");
  if (files.check_agreement) real.agreement = await readEvents(files.check_agreement, "agreement");
  if (files.check_correlation) real.correlation = await readEvents(files.check_correlation, "correlation");

  const taken = new Set<number>();
  for (const sample of Object.values(real)) for (const event of sample) taken.add(event.id);
  const drawn = drawSamples(random, {
    labelled: real.labelled ? 0 : defaultLabelledCount,
    agreement: real.agreement ? 0 : Math.round(defaultLabelledCount / 3),
    correlation: real.correlation ? 0 : Math.round(defaultLabelledCount / 4),
  });
  const generated = withIds(random, [...drawn.labelled, ...drawn.agreement, ...drawn.correlation], taken);
  const nLabelled = drawn.labelled.length;
  const nAgreement = drawn.agreement.length;
  const samples: TauSamples = {
    labelled: real.labelled ?? generated.slice(0, nLabelled),
    agreement: real.agreement ?? generated.slice(nLabelled, nLabelled + nAgreement),
    correlation: real.correlation ?? generated.slice(nLabelled + nAgreement),
  };

  const inputs = (Object.entries(files) as [KaggleFile, string][]).map(([base, file]) => ({
    file: path.basename(file),
    use:
      base === "training"
        ? "labelled events, split into training and test"
        : base === "check_agreement"
          ? "agreement check events"
          : base === "check_correlation"
            ? "correlation check events"
            : "ignored: its labels are not public",
  }));
  const generatedParts = (["labelled", "agreement", "correlation"] as const).filter((part) => !real[part]);
  return buildData(options.bundleDir, async (build) => ({
    kind: "imported",
    slug,
    description:
      "Flavours of Physics (Kaggle 2015) data, imported" +
      (generatedParts.length > 0 ? `; generated: ${generatedParts.join(", ")} events (seed ${options.seed})` : ""),
    seed: options.seed,
    inputs,
    rows: await writeTauData(build, samples, random),
  }));
}
