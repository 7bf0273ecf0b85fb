import { chmod, copyFile, stat } from "node:fs/promises";
import path from "node:path";

import type { ImportOptions } from "../../lib/course/challenge-data";
import { SourceFormatError } from "../../lib/course/csv-reader";
import { buildData, type DataSource } from "../../lib/course/data-folders";
import { eventsFile, readDimuonEvents } from "./events";
import { baselineFile, writeBaseline } from "./baseline";

/** Finds Zmumu.csv: the path itself, or the file inside a folder. */
async function findSource(from: string): Promise<string> {
  const info = await stat(from).catch(() => undefined);
  if (!info) throw new SourceFormatError(`${from}: not found; give the path of Zmumu.csv`);
  if (!info.isDirectory()) return from;
  const file = path.join(from, "Zmumu.csv");
  if (!(await stat(file).catch(() => undefined))) {
    throw new SourceFormatError(`${from}: the folder has no Zmumu.csv`);
  }
  return file;
}

/**
 * Imports the CMS 2011 dimuon sample (the course's Zmumu.csv, from CERN
 * Open Data record 545). The file is checked column by column, copied
 * unchanged as the public events file, and the baseline is computed from
 * it. There is nothing to split: every event enters the histogram.
 */
export async function importZmumu(options: ImportOptions): Promise<DataSource> {
  const source = await findSource(options.from);
  const events = await readDimuonEvents(source);
  return buildData(options.bundleDir, async (build) => {
    const target = path.join(build.publicDir, eventsFile);
    await copyFile(source, target);
    // The source may be read-only; the copy must stay replaceable.
    await chmod(target, 0o644);
    await writeBaseline(build, events);
    return {
      kind: "imported",
      slug: "z-boson-peak",
      description: "CMS 2011 dimuon events (CERN Open Data record 545), imported from Zmumu.csv",
      seed: options.seed,
      inputs: [{ file: path.basename(source), use: `all events, as ${eventsFile}; ${baselineFile} from them` }],
      rows: { [eventsFile]: events.pt1.length },
    };
  });
}
