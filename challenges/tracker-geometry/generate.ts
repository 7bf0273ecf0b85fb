import path from "node:path";

import type { GenerateOptions, ImportOptions } from "../../lib/course/challenge-data";
import { SourceFormatError } from "../../lib/course/csv-reader";
import { writeCsv } from "../../lib/course/csv-writer";
import { buildData, type DataSource } from "../../lib/course/data-folders";
import { createRandom } from "../../lib/course/random";
import { stat } from "node:fs/promises";
import { readTracks, tracksFile } from "./objective";

export const slug = "tracker-geometry";
export const defaultTrackCount = 1000;

/**
 * Draws tracks the way the course's notebook does: intercept b uniform in
 * [-100, 100), angle alpha normal with sd 0.2 rad, slope k = tan(alpha).
 * The numbers differ from the notebook's (another generator) but the
 * distributions are the same.
 */
export async function generate(options: GenerateOptions): Promise<DataSource> {
  const rows = options.rows ?? defaultTrackCount;
  const random = createRandom(options.seed);
  const intercepts = Array.from({ length: rows }, () => random.between(-100, 100));
  const slopes = Array.from({ length: rows }, () => Math.tan(random.normal(0, 0.2)));
  return buildData(options.bundleDir, async (build) => {
    await writeCsv(
      path.join(build.publicDir, tracksFile),
      ["k", "b"],
      slopes.map((k, i) => [k, intercepts[i] as number]),
    );
    return {
      kind: "synthetic",
      slug,
      description: `Synthetic track set (seed ${options.seed}): b uniform in [-100, 100), angle normal with sd 0.2 rad`,
      seed: options.seed,
      inputs: [],
      rows: { [tracksFile]: rows },
    };
  });
}

/** Imports a fixed track set (a CSV with columns k and b). */
export async function importTracks(options: ImportOptions): Promise<DataSource> {
  let source = options.from;
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new SourceFormatError(`${source}: not found; give a CSV with columns k and b`);
  if (info.isDirectory()) source = path.join(source, "tracks_seed42_n1000.csv");
  const tracks = await readTracks(source);
  return buildData(options.bundleDir, async (build) => {
    await writeCsv(
      path.join(build.publicDir, tracksFile),
      ["k", "b"],
      Array.from(tracks.k, (k, i) => [k, tracks.b[i] as number]),
    );
    return {
      kind: "imported",
      slug,
      description: "The course's fixed track set (numpy RandomState(42), 1000 tracks), imported",
      seed: options.seed,
      inputs: [{ file: path.basename(source), use: `all tracks, as ${tracksFile}` }],
      rows: { [tracksFile]: tracks.k.length },
    };
  });
}
