import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

import { BundleError } from "../challenge/errors";

/**
 * A challenge's test features as the model runner reads them: a binary
 * file of float32 values, row-major (`rows` x `featureCount`), plus the
 * row ids in the same order.
 */
export interface FeatureMatrix {
  ids: string[];
  rows: number;
  featureCount: number;
  binaryPath: string;
}

export interface FeatureSource {
  /** The CSV (or .csv.gz) feature file of the bundle. */
  file: string;
  idColumn: string;
  featureColumns: readonly string[];
}

function openText(file: string): Readable {
  const raw = createReadStream(file);
  return file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
}

function unquote(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1)
    : trimmed;
}

/**
 * Parses one feature value. An empty cell or "nan" becomes NaN, the usual
 * missing-value marker that tree models route down their default branch.
 */
function parseFeature(cell: string): number {
  if (cell === "" || cell.toLowerCase() === "nan") return Number.NaN;
  return Number(cell);
}

/**
 * Reads the feature file into a float32 matrix in the order of
 * `featureColumns`. The file belongs to the bundle, so a broken file is a
 * BundleError (the platform's fault).
 */
export async function readFeatureCsv(
  source: FeatureSource,
): Promise<{ ids: string[]; values: Float32Array; rows: number }> {
  const name = path.basename(source.file);
  const lines = createInterface({ input: openText(source.file), crlfDelay: Infinity });
  const featureCount = source.featureColumns.length;
  let indices: number[] | undefined;
  let idIndex = -1;
  let capacity = 65_536;
  let values = new Float32Array(capacity * featureCount);
  const ids: string[] = [];
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (!indices) {
      const header = line.replace(/^\uFEFF/, "").split(",").map(unquote);
      idIndex = header.indexOf(source.idColumn);
      indices = source.featureColumns.map((column) => header.indexOf(column));
      const missing = [source.idColumn, ...source.featureColumns].filter(
        (column) => !header.includes(column),
      );
      if (missing.length > 0) {
        throw new BundleError(name, `feature file has no column ${missing.map((m) => `"${m}"`).join(", ")}`, { line: 1 });
      }
      continue;
    }
    if (line === "") continue;
    const cells = line.split(",");
    const row = ids.length;
    if (row === capacity) {
      capacity *= 2;
      const grown = new Float32Array(capacity * featureCount);
      grown.set(values);
      values = grown;
    }
    ids.push(unquote(cells[idIndex] ?? ""));
    for (let j = 0; j < featureCount; j++) {
      const value = parseFeature(cells[indices[j]!] ?? "");
      if (!Number.isNaN(value) && !Number.isFinite(value)) {
        throw new BundleError(name, `feature "${source.featureColumns[j]}" is not a finite number`, { line: lineNumber });
      }
      values[row * featureCount + j] = value;
    }
  }
  if (!indices) throw new BundleError(name, "feature file is empty");
  return { ids, values: values.subarray(0, ids.length * featureCount), rows: ids.length };
}

async function cacheKey(source: FeatureSource): Promise<string> {
  const info = await stat(source.file);
  const identity = JSON.stringify({
    file: path.resolve(source.file),
    size: info.size,
    mtimeMs: info.mtimeMs,
    idColumn: source.idColumn,
    featureColumns: source.featureColumns,
  });
  return createHash("sha256").update(identity).digest("hex").slice(0, 32);
}

/**
 * Returns the feature matrix of a bundle, converting the CSV on first use
 * and caching the binary under `cacheDir`, keyed by the file's path, size,
 * modification time and the column list. Files are written under a
 * temporary name and renamed, so concurrent jobs never read half a file.
 */
export async function loadFeatureMatrix(
  source: FeatureSource,
  cacheDir: string,
): Promise<FeatureMatrix> {
  const key = await cacheKey(source);
  const binaryPath = path.join(cacheDir, `${key}.f32`);
  const idsPath = path.join(cacheDir, `${key}.ids`);
  const featureCount = source.featureColumns.length;
  try {
    const [info, idsText] = await Promise.all([stat(binaryPath), readFile(idsPath, "utf8")]);
    const ids = idsText === "" ? [] : idsText.split("\n");
    if (info.size === ids.length * featureCount * Float32Array.BYTES_PER_ELEMENT) {
      return { ids, rows: ids.length, featureCount, binaryPath };
    }
  } catch {
    // Not cached yet.
  }
  const { ids, values } = await readFeatureCsv(source);
  await mkdir(cacheDir, { recursive: true });
  const suffix = `.${process.pid}.${Date.now()}.tmp`;
  await writeFile(binaryPath + suffix, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  await writeFile(idsPath + suffix, ids.join("\n"));
  await rename(idsPath + suffix, idsPath);
  await rename(binaryPath + suffix, binaryPath);
  return { ids, rows: ids.length, featureCount, binaryPath };
}
