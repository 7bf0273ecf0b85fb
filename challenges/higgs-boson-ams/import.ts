import { readdir, stat } from "node:fs/promises";
import path from "node:path";

import type { ImportOptions } from "../../lib/course/challenge-data";
import { readCsvTable, SourceFormatError, type CsvTable } from "../../lib/course/csv-reader";
import { buildData, type DataSource } from "../../lib/course/data-folders";
import { createRandom } from "../../lib/course/random";
import { featureColumns, type FeatureColumn } from "./columns";
import { slug } from "./generate";
import { writeHiggsData, type LabelledEvent } from "./write-data";

/** Lists the CSV files to import: the path itself or the folder's .csv files. */
async function findSources(from: string): Promise<string[]> {
  const info = await stat(from).catch(() => undefined);
  if (!info) throw new SourceFormatError(`${from}: not found; give a HiggsML CSV file or a folder of them`);
  if (!info.isDirectory()) return [from];
  const files = (await readdir(from)).filter((name) => /\.csv(\.gz)?$/.test(name)).sort();
  if (files.length === 0) throw new SourceFormatError(`${from}: the folder has no .csv files`);
  return files.map((name) => path.join(from, name));
}

function readEvents(table: CsvTable): LabelledEvent[] {
  table.requireColumns(["EventId", ...featureColumns, "Weight", "Label"]);
  const ids = table.numbers("EventId");
  const weights = table.numbers("Weight");
  const labels = table.text("Label");
  const columns = Object.fromEntries(featureColumns.map((name) => [name, table.numbers(name)])) as Record<
    FeatureColumn,
    Float64Array
  >;
  return labels.map((label, i) => {
    if (label !== "s" && label !== "b") {
      throw new SourceFormatError(
        `${table.path}, line ${table.lines[i]}, column "Label": expected s or b, found "${label}"`,
      );
    }
    if (!((weights[i] as number) > 0)) {
      throw new SourceFormatError(`${table.path}, line ${table.lines[i]}, column "Weight": expected a positive weight`);
    }
    const features = {} as Record<FeatureColumn, number>;
    for (const name of featureColumns) features[name] = columns[name][i] as number;
    return { eventId: ids[i] as number, features, label, weight: weights[i] as number };
  });
}

/**
 * Imports HiggsML events from one file or all CSV files of a folder. Each
 * file needs EventId, the 30 features, Weight and Label, as in the ATLAS
 * open data sample, and other columns such as KaggleSet are ignored. Events are sorted
 * by EventId before the seeded split, so the split does not depend on the
 * file order.
 */
export async function importHiggs(options: ImportOptions): Promise<DataSource> {
  const sources = await findSources(options.from);
  const events: LabelledEvent[] = [];
  for (const file of sources) events.push(...readEvents(await readCsvTable(file)));
  events.sort((a, b) => a.eventId - b.eventId);
  for (let i = 1; i < events.length; i++) {
    if (events[i]?.eventId === events[i - 1]?.eventId) {
      throw new SourceFormatError(`${options.from}: EventId ${events[i]?.eventId} appears twice`);
    }
  }
  return buildData(options.bundleDir, async (build) => ({
    kind: "imported",
    slug,
    description: "ATLAS HiggsML open data events (CERN Open Data record 328), imported",
    seed: options.seed,
    inputs: sources.map((file) => ({ file: path.basename(file), use: "events for the train/test split" })),
    rows: await writeHiggsData(build, events, createRandom(options.seed)),
  }));
}
