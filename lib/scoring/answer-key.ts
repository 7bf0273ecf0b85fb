import { open, stat } from "node:fs/promises";
import path from "node:path";

import type { Bundle } from "../challenge/bundle";
import type { ChallengeDefinition, MetricUse } from "../challenge/definition";
import { BundleError } from "../challenge/errors";
import { assertDataReady, resolveBundleFile } from "../challenge/load";
import {
  CsvFormatError,
  openFileSource,
  openGzipSource,
  scanCsv,
  type ByteSource,
  type CsvRecord,
} from "../reader/csv-scanner";
import { DuplicateKeyIdError, IdIndexBuilder, type IdIndex } from "../reader/id-index";
import { parseDecimalInto, parseDecimalText } from "../reader/parse-number";

/**
 * The parsed answer key: ids, the numeric columns the metrics read (NaN
 * where a field is empty) and the text columns that filters, the split and
 * value maps read, as codes into a dictionary of distinct values.
 */
export interface AnswerKey {
  index: IdIndex;
  rowCount: number;
  numeric: Map<string, Float64Array>;
  text: Map<string, { codes: Int32Array; values: string[] }>;
}

/** Columns of the answer key that a definition reads, by how they are read. */
export function answerKeyColumns(definition: ChallengeDefinition): { numeric: Set<string>; text: Set<string> } {
  const numeric = new Set<string>();
  const text = new Set<string>();
  const visit = (use: MetricUse) => {
    for (const source of Object.values(use.inputs)) {
      if (source === undefined || !("answer_key" in source)) continue;
      (source.map === undefined ? numeric : text).add(source.answer_key);
    }
    for (const condition of use.filter ?? []) text.add(condition.column);
  };
  if (definition.metric) visit(definition.metric);
  for (const check of definition.checks) visit(check.metric);
  const split = definition.answer_key?.split;
  if (split && "column" in split) text.add(split.column);
  return { numeric, text };
}

const cacheSize = 2;
const cache = new Map<string, { mtimeMs: number; size: number; key: AnswerKey }>();

/**
 * Reads the bundle's hidden answer key. The last two keys read stay cached
 * in memory until their file changes, since a worker scores many
 * submissions of one challenge in a row. Problems with the key are the
 * platform's, so they throw a BundleError, and its messages name lines and
 * columns but never a value.
 */
export async function loadAnswerKey(bundle: Bundle): Promise<AnswerKey> {
  const definition = bundle.definition;
  if (!definition.answer_key || !bundle.answerKeyFile) {
    throw new Error(`challenge "${bundle.slug}" has no answer key`);
  }
  assertDataReady(bundle);
  const file = resolveBundleFile(bundle.dir, definition.answer_key.file, "answer_key.file").path;
  const info = await stat(file);
  const idColumn = definition.answer_key.id_column ?? definition.submission?.id_column;
  if (idColumn === undefined) throw new Error(`challenge "${bundle.slug}" names no id column`);
  const columns = answerKeyColumns(definition);
  // A reloaded definition may read other columns of the same file.
  const cacheKey = JSON.stringify([file, idColumn, [...columns.numeric].sort(), [...columns.text].sort()]);
  const cached = cache.get(cacheKey);
  if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) {
    cache.delete(cacheKey);
    cache.set(cacheKey, cached);
    return cached.key;
  }

  const key = await parseAnswerKey(file, idColumn, columns, info.size);
  cache.set(cacheKey, { mtimeMs: info.mtimeMs, size: info.size, key });
  while (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
  return key;
}

async function parseAnswerKey(
  file: string,
  idColumn: string,
  columns: { numeric: Set<string>; text: Set<string> },
  fileSize: number,
): Promise<AnswerKey> {
  const fileName = path.basename(file);
  const { source, gzip } = await openKeySource(file);
  const rowEstimate = gzip ? 1024 : await estimateRows(file, fileSize);
  const builder = new AnswerKeyBuilder(fileName, idColumn, columns, rowEstimate);
  try {
    await scanCsv(source, 4096, (record) => builder.accept(record));
  } catch (error) {
    if (error instanceof CsvFormatError) {
      throw new BundleError(fileName, `${fileName} line ${error.line}: ${error.message}`, {
        line: error.line,
        cause: error,
      });
    }
    throw error;
  }
  return builder.finish();
}

async function openKeySource(file: string): Promise<{ source: ByteSource; gzip: boolean }> {
  const handle = await open(file, "r");
  const magic = new Uint8Array(2);
  try {
    await handle.read(magic, 0, 2, 0);
  } finally {
    await handle.close();
  }
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return { source: await openFileSource(file), gzip: false };
  const fileName = path.basename(file);
  const tooLarge = () => new BundleError(fileName, `${fileName} is too large`);
  return { source: openGzipSource(file, Number.MAX_SAFE_INTEGER, tooLarge), gzip: true };
}

/**
 * Estimates the row count of a plain CSV file from the line length in its
 * first 256 KiB, so the columns are allocated about once; 5 % is added
 * because later lines may be shorter.
 */
async function estimateRows(file: string, fileSize: number): Promise<number> {
  const handle = await open(file, "r");
  try {
    const sample = new Uint8Array(Math.min(fileSize, 256 * 1024));
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
    let lines = 0;
    for (let offset = 0; offset < bytesRead; offset++) if (sample[offset] === 10) lines++;
    if (lines === 0) return 1024;
    return Math.ceil((fileSize / (bytesRead / lines)) * 1.05) + 1024;
  } finally {
    await handle.close();
  }
}

/** Collects the distinct values of a text column as small integer codes. */
class TextColumn {
  codes: Int32Array;
  readonly values: string[] = [];
  private readonly valueBytes: Uint8Array[] = [];
  private readonly byText = new Map<string, number>();
  private readonly decoder = new TextDecoder("utf-8");

  constructor(capacity: number) {
    this.codes = new Int32Array(capacity);
  }

  code(bytes: Uint8Array, start: number, end: number, escaped: boolean): number {
    const length = end - start;
    // Most such columns hold a handful of values, so comparing bytes with
    // the first few is cheaper than decoding a string per row.
    if (!escaped) {
      const known = Math.min(this.valueBytes.length, 16);
      for (let code = 0; code < known; code++) {
        const candidate = this.valueBytes[code]!;
        if (candidate.length !== length) continue;
        let offset = 0;
        while (offset < length && candidate[offset] === bytes[start + offset]) offset++;
        if (offset === length) return code;
      }
    }
    let text = this.decoder.decode(bytes.subarray(start, end));
    if (escaped) text = text.replaceAll('""', '"');
    const existing = this.byText.get(text);
    if (existing !== undefined) return existing;
    const code = this.values.length;
    this.values.push(text);
    this.valueBytes.push(new TextEncoder().encode(text));
    this.byText.set(text, code);
    return code;
  }
}

class AnswerKeyBuilder {
  private readonly ids: IdIndexBuilder;
  private rowCount = 0;
  private idField = -1;
  private headerCount = 0;
  private numericFields: { field: number; name: string; values: Float64Array }[] = [];
  private textFields: { field: number; name: string; column: TextColumn }[] = [];
  private capacity: number;
  private headerSeen = false;

  constructor(
    private readonly fileName: string,
    private readonly idColumn: string,
    private readonly columns: { numeric: Set<string>; text: Set<string> },
    rowEstimate: number,
  ) {
    this.capacity = Math.max(1024, rowEstimate);
    this.ids = new IdIndexBuilder(this.capacity);
  }

  accept(record: CsvRecord): void {
    if (!this.headerSeen) {
      this.readHeader(record);
      return;
    }
    if (record.count !== this.headerCount) {
      this.fail(record.line, `expected ${this.headerCount} fields, found ${record.count}`);
    }
    this.ids.addBytes(record.bytes, record.starts[this.idField]!, record.ends[this.idField]!);
    const row = this.rowCount++;
    if (row >= this.capacity) this.grow();

    // Indexed loops: this runs once per row, and for-of iterators here
    // were not optimized away, which cost an allocation per field.
    const numericFields = this.numericFields;
    for (let index = 0; index < numericFields.length; index++) {
      const numeric = numericFields[index]!;
      const start = record.starts[numeric.field]!;
      const end = record.ends[numeric.field]!;
      if (!parseDecimalInto(record.bytes, start, end, numeric.values, row)) {
        this.storeNumberText(record, numeric, row);
      }
    }
    const textFields = this.textFields;
    for (let index = 0; index < textFields.length; index++) {
      const text = textFields[index]!;
      const field = text.field;
      text.column.codes[row] = text.column.code(
        record.bytes,
        record.starts[field]!,
        record.ends[field]!,
        record.escaped[field] === 1,
      );
    }
  }

  private storeNumberText(record: CsvRecord, numeric: { field: number; name: string; values: Float64Array }, row: number): void {
    const parsed = parseDecimalText(record.text(numeric.field));
    if (parsed.kind !== "number" && parsed.kind !== "empty") {
      this.fail(record.line, `column "${numeric.name}" needs a finite number`);
    }
    numeric.values[row] = parsed.kind === "number" ? parsed.value : Number.NaN;
  }

  finish(): AnswerKey {
    if (!this.headerSeen) throw new BundleError(this.fileName, `${this.fileName} is empty`);
    const rowCount = this.rowCount;
    let index: IdIndex;
    try {
      index = this.ids.finish();
    } catch (error) {
      if (!(error instanceof DuplicateKeyIdError)) throw error;
      throw new BundleError(
        this.fileName,
        `answer key ${this.fileName}: id ${JSON.stringify(error.id)} appears more than once in column "${this.idColumn}"`,
        { cause: error },
      );
    }
    const numeric = new Map(this.numericFields.map((entry) => [entry.name, entry.values.subarray(0, rowCount)]));
    const text = new Map(
      this.textFields.map((entry) => [
        entry.name,
        { codes: entry.column.codes.subarray(0, rowCount), values: entry.column.values },
      ]),
    );
    return { index, rowCount, numeric, text };
  }

  private readHeader(record: CsvRecord): void {
    const names = record.texts().map((name) => name.trim());
    if (record.count > names.length) this.fail(record.line, `more than ${names.length} columns`);
    this.headerCount = names.length;
    const find = (name: string): number => {
      const field = names.indexOf(name);
      if (field < 0) this.fail(record.line, `missing column "${name}", which the challenge definition reads`);
      return field;
    };
    this.idField = find(this.idColumn);
    this.numericFields = [...this.columns.numeric].map((name) => ({
      field: find(name),
      name,
      values: new Float64Array(this.capacity),
    }));
    this.textFields = [...this.columns.text].map((name) => ({
      field: find(name),
      name,
      column: new TextColumn(this.capacity),
    }));
    this.headerSeen = true;
  }

  private grow(): void {
    this.capacity *= 2;
    for (const numeric of this.numericFields) {
      const larger = new Float64Array(this.capacity);
      larger.set(numeric.values);
      numeric.values = larger;
    }
    for (const text of this.textFields) {
      const larger = new Int32Array(this.capacity);
      larger.set(text.column.codes);
      text.column.codes = larger;
    }
  }

  private fail(line: number, message: string): never {
    throw new BundleError(this.fileName, `answer key ${this.fileName} line ${line}: ${message}`, { line });
  }
}
