import path from "node:path";

import type { Bundle } from "../challenge/bundle";
import type { PredictionColumn } from "../challenge/definition";
import { CsvFormatError, scanCsv, type CsvRecord } from "./csv-scanner";
import { SubmissionError, type SubmissionErrorReason } from "./errors";
import type { IdIndex } from "./id-index";
import { parseDecimalInto, parseDecimalText, parseIntegerIdBytes } from "./parse-number";
import { openSubmissionFile } from "./submission-file";

/**
 * A submission joined to the answer key: one Float64Array per prediction
 * column, indexed by answer-key row. Category columns contain the numbers
 * their values map to.
 */
export interface PredictionTable {
  /** Data rows read. */
  rowCount: number;
  columns: Map<string, Float64Array>;
}

/** How many missing ids a message lists. */
const missingIdsShown = 5;
/** Maximum length of submitted text quoted back in a message. */
const maxQuotedText = 40;

/** Returns the expected header: the id column, then the prediction columns. */
export function submissionHeader(bundle: Bundle): string[] {
  const submission = requireSubmissionFormat(bundle);
  return [submission.id_column, ...submission.columns.map((column) => column.name)];
}

/**
 * Reads only the header of a submission file and checks it against the
 * definition, for a quick check at upload time. Also checks the size
 * limit and the format. Throws a SubmissionError.
 */
export async function checkSubmissionHeader(
  bundle: Bundle,
  filePath: string,
  options: { displayName?: string } = {},
): Promise<void> {
  const displayName = options.displayName ?? path.basename(filePath);
  const expected = submissionHeader(bundle);
  const source = await openSubmissionFile(bundle, filePath, displayName);
  const stop = new Error("header read");
  let sawHeader = false;
  try {
    await scanCsv(source, expected.length + 1, (record) => {
      matchHeader(record, expected, displayName);
      sawHeader = true;
      throw stop;
    });
  } catch (error) {
    if (error !== stop) throw translateFormatError(error, displayName);
  }
  if (!sawHeader) throw emptyFileError(expected, displayName);
}

/**
 * Streams a prediction file (`.csv` or gzip-compressed, detected from its
 * bytes), checks it against the definition and joins it to the answer-key
 * ids in `index`. Memory grows with the answer key, not the file. Throws a
 * SubmissionError naming the line and column of the first problem.
 */
export async function readPredictionFile(
  bundle: Bundle,
  index: IdIndex,
  filePath: string,
  options: { displayName?: string } = {},
): Promise<PredictionTable> {
  const displayName = options.displayName ?? path.basename(filePath);
  const expected = submissionHeader(bundle);
  const source = await openSubmissionFile(bundle, filePath, displayName);
  const joiner = new RowJoiner(bundle, index, expected, displayName);
  try {
    await scanCsv(source, expected.length + 1, (record) => joiner.accept(record));
    return joiner.finish();
  } catch (error) {
    if (error instanceof DuplicateIdFound) throw await describeDuplicate(bundle, filePath, displayName, error);
    throw translateFormatError(error, displayName);
  }
}

/**
 * A repeated id, found without knowing where it first appeared: the join
 * keeps one bit per answer-key row rather than a line number, so the
 * first line is looked up again only when this happens.
 */
class DuplicateIdFound extends Error {
  constructor(
    readonly line: number,
    readonly field: number,
    readonly columnName: string,
    readonly id: string,
  ) {
    super("duplicate id");
  }
}

async function describeDuplicate(
  bundle: Bundle,
  filePath: string,
  displayName: string,
  duplicate: DuplicateIdFound,
): Promise<SubmissionError> {
  const source = await openSubmissionFile(bundle, filePath, displayName);
  let firstLine = 0;
  let isHeader = true;
  const stop = new Error("first line found");
  try {
    await scanCsv(source, duplicate.field + 1, (record) => {
      if (isHeader) {
        isHeader = false;
        return;
      }
      if (record.count > duplicate.field && record.text(duplicate.field) === duplicate.id) {
        firstLine = record.line;
        throw stop;
      }
    });
  } catch (error) {
    if (error !== stop) throw error;
  }
  const earlier = firstLine > 0 && firstLine < duplicate.line ? ` (first on line ${firstLine})` : "";
  return new SubmissionError(
    "duplicate_id",
    `id ${quoteText(duplicate.id)} appears again${earlier}; give one row per id`,
    { file: displayName, line: duplicate.line, column: duplicate.field + 1, columnName: duplicate.columnName },
  );
}

function requireSubmissionFormat(bundle: Bundle) {
  const submission = bundle.definition.submission;
  if (!submission) {
    throw new Error(`challenge "${bundle.slug}" accepts no prediction files`);
  }
  return submission;
}

interface CategoryValue {
  bytes: Uint8Array;
  value: number;
}

interface ColumnPlan {
  spec: PredictionColumn;
  values: Float64Array;
  /** Values of the pending batch, in file order. */
  batch: Float64Array;
  categories: CategoryValue[];
  /** Line on which each rank was first used, for rank columns. */
  rankLines: Int32Array | undefined;
}

/** Rows parsed before their ids are looked up together. */
const batchSize = 4096;

/**
 * Joins the data rows of one file to the answer key. Rows are parsed into
 * a batch, and the batch's ids are then looked up and its values scattered
 * to answer-key order in tight loops, which overlaps the cache misses of
 * large keys. Before any error is raised the pending batch is joined, so
 * the error reported is always the first in file order.
 */
class RowJoiner {
  private readonly rowCountOfKey: number;
  private readonly batchIds = new Float64Array(batchSize);
  private readonly batchRows = new Int32Array(batchSize);
  private readonly batchLines = new Int32Array(batchSize);
  private batchCount = 0;
  /** One bit per answer-key row, set once the row's id was read. */
  private readonly seen: Int32Array;
  private readonly plans: ColumnPlan[];
  /** Plan index per field position; -1 for the id field. */
  private fieldPlan = new Int32Array(0);
  private idField = -1;
  private header: string[] = [];
  private rowCount = 0;
  private headerSeen = false;

  constructor(
    bundle: Bundle,
    private readonly index: IdIndex,
    private readonly expected: string[],
    private readonly displayName: string,
  ) {
    this.rowCountOfKey = index.size;
    this.seen = new Int32Array((index.size + 31) >>> 5);
    this.plans = requireSubmissionFormat(bundle).columns.map((spec) => ({
      spec,
      values: new Float64Array(index.size),
      batch: new Float64Array(batchSize),
      categories:
        spec.type === "category"
          ? Object.entries(spec.values).map(([text, value]) => ({
              bytes: new TextEncoder().encode(text),
              value,
            }))
          : [],
      rankLines: spec.type === "rank" ? new Int32Array(index.size + 1) : undefined,
    }));
  }

  accept(record: CsvRecord): void {
    if (!this.headerSeen) {
      this.header = matchHeader(record, this.expected, this.displayName);
      this.fieldPlan = new Int32Array(this.header.length);
      this.header.forEach((name, field) => {
        const plan = this.plans.findIndex((candidate) => candidate.spec.name === name);
        this.fieldPlan[field] = plan;
        if (plan === -1) this.idField = field;
      });
      this.headerSeen = true;
      return;
    }
    const fieldCount = this.header.length;
    if (record.count !== fieldCount) {
      this.fail("column_count", record, undefined, `expected ${fieldCount} fields (${this.header.join(",")}), found ${record.count}`);
    }
    const slot = this.batchCount;
    this.readId(record, slot);
    for (let field = 0; field < fieldCount; field++) {
      const planIndex = this.fieldPlan[field]!;
      if (planIndex < 0) continue;
      this.storeField(this.plans[planIndex]!, record, field, slot);
    }
    this.batchLines[slot] = record.line;
    this.rowCount++;
    this.batchCount = slot + 1;
    if (this.batchCount === batchSize) this.joinBatch();
  }

  finish(): PredictionTable {
    if (!this.headerSeen) throw emptyFileError(this.expected, this.displayName);
    this.joinBatch();
    const missing: number[] = [];
    let missingCount = 0;
    for (let row = 0; row < this.rowCountOfKey; row++) {
      if ((this.seen[row >>> 5]! & (1 << (row & 31))) !== 0) continue;
      missingCount++;
      if (missing.length < missingIdsShown) missing.push(row);
    }
    if (missingCount > 0) {
      const examples = this.index.idTexts(missing).join(", ");
      const more = missingCount > missing.length ? ", ..." : "";
      throw new SubmissionError(
        "missing_ids",
        `${missingCount} of the ${this.rowCountOfKey} ids are missing (${examples}${more}); ` +
          "the file needs one row for every id of the test set",
        { file: this.displayName },
      );
    }
    const columns = new Map(this.plans.map((plan) => [plan.spec.name, plan.values]));
    return { rowCount: this.rowCount, columns };
  }

  /**
   * Stores the record's id in the batch: as a number for integer ids, to
   * be looked up with the batch, or else as the row found at once.
   */
  private readId(record: CsvRecord, slot: number): void {
    const field = this.idField;
    const start = record.starts[field]!;
    const end = record.ends[field]!;
    if (this.index.integerMode) {
      const id = parseIntegerIdBytes(record.bytes, start, end);
      if (!Number.isNaN(id)) {
        this.batchIds[slot] = id;
        return;
      }
    } else {
      const row = this.index.findBytes(record.bytes, start, end);
      if (row >= 0) {
        this.batchRows[slot] = row;
        return;
      }
    }
    const text = quoteText(record.text(field));
    this.fail("unknown_id", record, field, `id ${text} is not an id of the test set`);
  }

  /** Looks up the pending rows' ids, checks them and scatters their values. */
  private joinBatch(): void {
    const count = this.batchCount;
    if (count === 0) return;
    this.batchCount = 0;
    const rows = this.batchRows;
    if (this.index.integerMode) this.index.findIntegers(this.batchIds, rows, count);
    const seenBits = this.seen;
    for (let slot = 0; slot < count; slot++) {
      const row = rows[slot]!;
      if (row < 0) this.failBatchId(slot, "unknown");
      const word = row >>> 5;
      const bit = 1 << (row & 31);
      const seen = seenBits[word]!;
      if ((seen & bit) !== 0) this.failBatchId(slot, "duplicate");
      seenBits[word] = seen | bit;
    }
    for (const plan of this.plans) {
      const values = plan.values;
      const batch = plan.batch;
      for (let slot = 0; slot < count; slot++) values[rows[slot]!] = batch[slot]!;
    }
  }

  private failBatchId(slot: number, problem: "unknown" | "duplicate"): never {
    const field = this.idField;
    const line = this.batchLines[slot]!;
    const id = this.index.integerMode ? String(this.batchIds[slot]) : this.index.idText(this.batchRows[slot]!);
    if (problem === "duplicate") throw new DuplicateIdFound(line, field, this.header[field]!, id);
    throw new SubmissionError("unknown_id", `id ${quoteText(id)} is not an id of the test set`, {
      file: this.displayName,
      line,
      column: field + 1,
      columnName: this.header[field],
    });
  }

  private storeField(plan: ColumnPlan, record: CsvRecord, field: number, slot: number): void {
    const start = record.starts[field]!;
    const end = record.ends[field]!;
    const spec = plan.spec;
    const values = plan.batch;
    if (spec.type === "category") {
      const value = matchCategory(plan.categories, record.bytes, start, end);
      if (value === undefined) {
        const allowed = Object.keys(spec.values).join(", ");
        this.fail("invalid_value", record, field, `${quoteText(record.text(field))} is not one of the allowed values ${allowed}`);
      }
      values[slot] = value;
      return;
    }
    if (spec.type === "rank") {
      values[slot] = this.parseRank(plan, record, field);
      return;
    }

    if (!parseDecimalInto(record.bytes, start, end, values, slot)) {
      values[slot] = this.parseNumberText(record, field);
    }
    const value = values[slot]!;
    if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
      const low = spec.min ?? "-inf";
      const high = spec.max ?? "inf";
      this.fail("out_of_range", record, field, `${quoteText(record.text(field))} is outside the allowed range [${low}, ${high}]`);
    }
  }

  private parseNumberText(record: CsvRecord, field: number): number {
    const text = record.text(field);
    const parsed = parseDecimalText(text);
    if (parsed.kind === "number") return parsed.value;
    if (parsed.kind === "empty") this.fail("invalid_value", record, field, "missing value; every row needs a number here");
    if (parsed.kind === "not_finite") {
      this.fail("not_finite", record, field, `${quoteText(text)} is not a finite number; NaN and infinity cannot be scored`);
    }
    this.fail("invalid_value", record, field, `${quoteText(text)} is not a number`);
  }

  private parseRank(plan: ColumnPlan, record: CsvRecord, field: number): number {
    const rank = parseIntegerIdBytes(record.bytes, record.starts[field]!, record.ends[field]!);
    const count = this.rowCountOfKey;
    if (!(rank >= 1 && rank <= count)) {
      this.fail("invalid_rank", record, field, `${quoteText(record.text(field))} is not an integer rank from 1 to ${count}`);
    }
    const lines = plan.rankLines!;
    const first = lines[rank]!;
    if (first !== 0) {
      this.fail("invalid_rank", record, field, `rank ${rank} appears again (first on line ${first}); ranks must be distinct`);
    }
    lines[rank] = record.line;
    return rank;
  }

  private fail(reason: SubmissionErrorReason, record: CsvRecord, field: number | undefined, message: string): never {
    this.joinBatch();
    throw new SubmissionError(reason, message, {
      file: this.displayName,
      line: record.line,
      column: field === undefined ? undefined : field + 1,
      columnName: field === undefined ? undefined : this.header[field],
    });
  }
}

function matchCategory(categories: CategoryValue[], bytes: Uint8Array, start: number, end: number): number | undefined {
  const length = end - start;
  for (const category of categories) {
    const candidate = category.bytes;
    if (candidate.length !== length) continue;
    let equal = true;
    for (let offset = 0; offset < length; offset++) {
      if (candidate[offset] !== bytes[start + offset]) {
        equal = false;
        break;
      }
    }
    if (equal) return category.value;
  }
  return undefined;
}

/**
 * Checks a header record against the expected column names (any order,
 * surrounding spaces ignored) and returns the names in file order.
 */
function matchHeader(record: CsvRecord, expected: string[], displayName: string): string[] {
  const names = record.texts().map((name) => name.trim());
  const fail = (message: string): never => {
    throw new SubmissionError(
      "invalid_header",
      `${message}; the header must be ${expected.join(",")}`,
      { file: displayName, line: record.line },
    );
  };
  if (record.count > names.length) fail(`the header has ${record.count} columns, expected ${expected.length}`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) fail(`column ${quoteText(name)} appears twice`);
    seen.add(name);
    if (!expected.includes(name)) {
      const similar = expected.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
      const hint = similar === undefined ? "" : ` (did you mean "${similar}"? names are case-sensitive)`;
      fail(`unexpected column ${quoteText(name)}${hint}`);
    }
  }
  const missing = expected.filter((name) => !seen.has(name));
  if (missing.length > 0) fail(`missing column${missing.length > 1 ? "s" : ""} ${missing.map(quoteText).join(", ")}`);
  return names;
}

function emptyFileError(expected: string[], displayName: string): SubmissionError {
  return new SubmissionError(
    "empty_file",
    `the file is empty; it needs the header ${expected.join(",")} and one row per id`,
    { file: displayName },
  );
}

function translateFormatError(error: unknown, displayName: string): unknown {
  if (!(error instanceof CsvFormatError)) return error;
  return new SubmissionError(
    "invalid_csv",
    `${error.message}; save the file as plain comma-separated values`,
    { file: displayName, line: error.line, column: error.column },
    { cause: error },
  );
}

function quoteText(text: string): string {
  const short = text.length > maxQuotedText ? `${text.slice(0, maxQuotedText)}...` : text;
  return JSON.stringify(short);
}
