import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";

/**
 * An import source that is not what the importer expects. The message
 * names the file, and the column or line when there is one.
 */
export class SourceFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SourceFormatError";
  }
}

/** One CSV record: its 1-based line number in the file and its cells. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

function openText(path: string): Readable {
  const raw = createReadStream(path);
  return path.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
}

/**
 * Splits one CSV line. Quoted fields (RFC 4180, with "" for a quote) are
 * supported. A field that spans lines is not, because none of the course
 * files has one.
 */
export function splitCsvLine(text: string): string[] {
  if (!text.includes('"')) return text.split(",");
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else {
      cell += char;
    }
  }
  cells.push(cell);
  return cells;
}

/**
 * Reads a CSV or gzip-compressed CSV file line by line. The first record
 * is the header, without a UTF-8 BOM. Blank lines are skipped, and every
 * other line must have as many cells as the header.
 */
export async function* readCsvRecords(path: string): AsyncGenerator<CsvRecord> {
  const lines = createInterface({ input: openText(path), crlfDelay: Infinity });
  let line = 0;
  let width = -1;
  for await (const rawLine of lines) {
    line++;
    const text = line === 1 ? rawLine.replace(/^\uFEFF/, "") : rawLine;
    if (text.trim() === "") continue;
    const cells = splitCsvLine(text);
    if (width < 0) {
      width = cells.length;
    } else if (cells.length !== width) {
      throw new SourceFormatError(
        `${path}, line ${line}: expected ${width} cells like the header, found ${cells.length}`,
      );
    }
    yield { line, cells };
  }
  if (width < 0) throw new SourceFormatError(`${path}: the file is empty`);
}

/**
 * A CSV file held in memory by column, for the course's small source
 * files. Numeric access checks every cell and names the file, line and
 * column of the first bad one.
 */
export class CsvTable {
  constructor(
    readonly path: string,
    readonly header: string[],
    readonly lines: number[],
    readonly rows: string[][],
  ) {}

  get rowCount(): number {
    return this.rows.length;
  }

  hasColumn(name: string): boolean {
    return this.header.includes(name);
  }

  columnIndex(name: string): number {
    const index = this.header.indexOf(name);
    if (index < 0) {
      throw new SourceFormatError(
        `${this.path}: missing column "${name}" (the header has ${this.header.join(", ")})`,
      );
    }
    return index;
  }

  /** Requires every named column, listing all that are missing at once. */
  requireColumns(names: readonly string[]): void {
    const missing = names.filter((name) => !this.header.includes(name));
    if (missing.length > 0) {
      throw new SourceFormatError(
        `${this.path}: missing column${missing.length > 1 ? "s" : ""} ${missing
          .map((name) => `"${name}"`)
          .join(", ")}`,
      );
    }
  }

  text(name: string): string[] {
    const index = this.columnIndex(name);
    return this.rows.map((row) => row[index] ?? "");
  }

  numbers(name: string): Float64Array {
    const index = this.columnIndex(name);
    const values = new Float64Array(this.rows.length);
    for (let i = 0; i < this.rows.length; i++) {
      const cell = (this.rows[i]?.[index] ?? "").trim();
      const value = cell === "" ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) {
        throw new SourceFormatError(
          `${this.path}, line ${this.lines[i]}, column "${name}": expected a finite number, found "${cell}"`,
        );
      }
      values[i] = value;
    }
    return values;
  }
}

/** Reads a whole CSV (or .csv.gz) file into memory. */
export async function readCsvTable(path: string): Promise<CsvTable> {
  let header: string[] | undefined;
  const lines: number[] = [];
  const rows: string[][] = [];
  for await (const record of readCsvRecords(path)) {
    if (!header) {
      header = record.cells.map((cell) => cell.trim());
      continue;
    }
    lines.push(record.line);
    rows.push(record.cells);
  }
  return new CsvTable(path, header ?? [], lines, rows);
}
