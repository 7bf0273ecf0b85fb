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
  /** Row ids: numbers when every id is a canonical integer, else text. */
  ids: Float64Array | string[];
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
 * Finds the id column and the feature columns in the header line, in the
 * order of `featureColumns`. Throws BundleError when any is missing.
 */
function locateColumns(
  headerLine: string,
  source: FeatureSource,
  fileName: string,
): { idIndex: number; indices: number[] } {
  const header = headerLine.replace(/^\uFEFF/, "").split(",").map(unquote);
  const missing = [source.idColumn, ...source.featureColumns].filter(
    (column) => !header.includes(column),
  );
  if (missing.length > 0) {
    const names = missing.map((column) => `"${column}"`).join(", ");
    throw new BundleError(fileName, `feature file has no column ${names}`, { line: 1 });
  }
  return {
    idIndex: header.indexOf(source.idColumn),
    indices: source.featureColumns.map((column) => header.indexOf(column)),
  };
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
  let columns: { idIndex: number; indices: number[] } | undefined;
  let capacity = 65_536;
  let values = new Float32Array(capacity * featureCount);
  const ids: string[] = [];
  let lineNumber = 0;

  for await (const line of lines) {
    lineNumber++;
    if (!columns) {
      columns = locateColumns(line, source, name);
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
    ids.push(unquote(cells[columns.idIndex] ?? ""));
    for (let j = 0; j < featureCount; j++) {
      const value = parseFeature(cells[columns.indices[j]!] ?? "");
      if (!Number.isNaN(value) && !Number.isFinite(value)) {
        const column = source.featureColumns[j];
        throw new BundleError(name, `feature "${column}" is not a finite number`, { line: lineNumber });
      }
      values[row * featureCount + j] = value;
    }
  }

  if (!columns) throw new BundleError(name, "feature file is empty");
  return { ids, values: values.subarray(0, ids.length * featureCount), rows: ids.length };
}

const canonicalInteger = /^(?:0|-?[1-9]\d{0,14})$/;

/**
 * Returns the ids as numbers when every id is a canonical integer (no sign
 * `+`, no leading zeros, at most 15 digits), the form the answer key's id
 * index looks up without making a string per row. Other ids stay text.
 */
function compactIds(ids: string[]): Float64Array | string[] {
  if (!ids.every((id) => canonicalInteger.test(id))) return ids;
  return Float64Array.from(ids, Number);
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

/** Reads cached ids: float64 numbers from `.idn` or lines of text from `.ids`. */
async function readCachedIds(basePath: string): Promise<Float64Array | string[] | null> {
  try {
    const bytes = await readFile(`${basePath}.idn`);
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / Float64Array.BYTES_PER_ELEMENT);
  } catch {
    // No numeric ids: try text below.
  }
  try {
    const text = await readFile(`${basePath}.ids`, "utf8");
    return text === "" ? [] : text.split("\n");
  } catch {
    return null;
  }
}

/** Writes a file under a temporary name, then renames it into place. */
async function writeAtomically(file: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, data, { mode: 0o600 });
  await rename(temporary, file);
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
  const basePath = path.resolve(cacheDir, key);
  const binaryPath = `${basePath}.f32`;
  const featureCount = source.featureColumns.length;
  const cachedIds = await readCachedIds(basePath);
  const cachedSize = await stat(binaryPath).then((info) => info.size, () => -1);
  if (cachedIds && cachedSize === cachedIds.length * featureCount * Float32Array.BYTES_PER_ELEMENT) {
    return { ids: cachedIds, rows: cachedIds.length, featureCount, binaryPath };
  }

  const { ids: textIds, values } = await readFeatureCsv(source);
  const ids = compactIds(textIds);
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
  if (ids instanceof Float64Array) {
    await writeAtomically(`${basePath}.idn`, new Uint8Array(ids.buffer));
  } else {
    await writeAtomically(`${basePath}.ids`, ids.join("\n"));
  }
  await writeAtomically(binaryPath, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return { ids, rows: ids.length, featureCount, binaryPath };
}
