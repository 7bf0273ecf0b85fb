import { readdir, stat } from "node:fs/promises";
import path from "node:path";

import type { ImportOptions } from "../../lib/course/challenge-data";
import { readCsvTable, SourceFormatError, type CsvTable } from "../../lib/course/csv-reader";
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

function readFeatures(table: CsvTable): Features[] {
  const columns = featureColumns.map((name) => table.numbers(name));
  return Array.from({ length: table.rowCount }, (_, i) => {
    const features = {} as Features;
    featureColumns.forEach((name, c) => (features[name] = columns[c]?.[i] as number));
    return features;
  });
}

function readLabels(table: CsvTable): (0 | 1)[] {
  const labels = table.numbers("signal");
  return Array.from(labels, (label, i) => {
    if (label !== 0 && label !== 1) {
      throw new SourceFormatError(`${table.path}, line ${table.lines[i]}, column "signal": expected 0 or 1, found "${label}"`);
    }
    return label;
  });
}

async function readSample(file: string, extra: string[]): Promise<CsvTable> {
  const table = await readCsvTable(file);
  table.requireColumns(["id", ...featureColumns, ...extra]);
  return table;
}

/**
 * Imports the Flavours of Physics files found in a folder: training.csv
 * (split into training and test parts), check_agreement.csv and
 * check_correlation.csv. Each sample that is missing is generated, with
 * ids that avoid the real ones. The Kaggle test.csv is not used: its
 * labels were never published, so it cannot be scored.
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
  if (files.training) {
    const table = await readSample(files.training, ["mass", "signal"]);
    const ids = table.numbers("id");
    const mass = table.numbers("mass");
    const labels = readLabels(table);
    real.labelled = readFeatures(table).map((features, i) => ({
      id: ids[i] as number, features, mass: mass[i] as number, signal: labels[i] as 0 | 1, weight: 1,
    }));
  }
  if (files.check_agreement) {
    const table = await readSample(files.check_agreement, ["signal", "weight"]);
    const ids = table.numbers("id");
    const weights = table.numbers("weight");
    const labels = readLabels(table);
    // Real events carry no mass column here; the checks do not need it.
    real.agreement = readFeatures(table).map((features, i) => ({
      id: ids[i] as number, features, mass: 0, signal: labels[i] as 0 | 1, weight: weights[i] as number,
    }));
  }
  if (files.check_correlation) {
    const table = await readSample(files.check_correlation, ["mass"]);
    const ids = table.numbers("id");
    const mass = table.numbers("mass");
    real.correlation = readFeatures(table).map((features, i) => ({
      id: ids[i] as number, features, mass: mass[i] as number, signal: 0, weight: 1,
    }));
  }

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
