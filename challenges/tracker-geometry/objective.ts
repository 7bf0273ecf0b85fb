import path from "node:path";
import { z } from "zod";

import { readCsvTable, SourceFormatError } from "../../lib/course/csv-reader";
import { efficiency, tubePitch, tubeRadius } from "./geometry";

/** File name of the track set in the bundle's `public/` folder. */
export const tracksFile = "tracks.csv";

const yShift = z.number().finite();
/** Tubes of radius 1 touch at a z distance of 2, so shifts start there. */
const zShift = z.number().finite().min(2, "z shifts must be at least 2 so that tubes do not overlap");

/**
 * The layer shifts. `R` and `pitch` are fixed; they may appear (the
 * course's submission file has them) but only with the values 1 and 4.
 */
export const parametersSchema = z.strictObject({
  y1: yShift,
  y2: yShift,
  y3: yShift,
  z1: zShift,
  z2: zShift,
  z3: zShift,
  R: z.literal(tubeRadius, "R is fixed at 1").optional(),
  pitch: z.literal(tubePitch, "pitch is fixed at 4").optional(),
});

export type GeometryParameters = z.infer<typeof parametersSchema>;

export interface Tracks {
  k: Float64Array;
  b: Float64Array;
}

/** Reads a track set: columns `k` (slope) and `b` (intercept). */
export async function readTracks(file: string): Promise<Tracks> {
  const table = await readCsvTable(file);
  table.requireColumns(["k", "b"]);
  if (table.rowCount === 0) throw new SourceFormatError(`${file}: the track set has no rows`);
  return { k: table.numbers("k"), b: table.numbers("b") };
}

const trackCache = new Map<string, Promise<Tracks>>();

function loadTracks(file: string): Promise<Tracks> {
  let cached = trackCache.get(file);
  if (!cached) {
    cached = readTracks(file);
    trackCache.set(file, cached);
    cached.catch(() => trackCache.delete(file));
  }
  return cached;
}

/**
 * Scores a geometry: the fraction of the tracks that hit at least two
 * tubes (higher is better).
 */
export async function evaluate(
  params: GeometryParameters,
  context: { bundleDir: string; files?: Record<string, string> },
): Promise<{ value: number; details: { tracks: number } }> {
  const checked = parametersSchema.parse(params);
  const file = context.files?.tracks ?? path.join(context.bundleDir, "public", tracksFile);
  const tracks = await loadTracks(file);
  return { value: efficiency(tracks, checked), details: { tracks: tracks.k.length } };
}
