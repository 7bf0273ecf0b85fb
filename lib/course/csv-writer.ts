import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";

/** A value of one CSV cell. Numbers use JavaScript's shortest round-trip
 * form, so reading the text back gives the same double. */
export type CsvCell = string | number;

const flushSize = 1 << 16;

/**
 * Streams rows to a CSV file with a bounded buffer: memory stays constant
 * however many rows are written, which the 7.7-million-row shower test set
 * relies on. Cells are written as given, so a string cell must not
 * contain a comma, quote or line break, and `writeRow` throws if it does.
 */
export class CsvWriter {
  private readonly stream: WriteStream;
  private buffer = "";
  private rows = 0;

  constructor(
    readonly path: string,
    readonly header: readonly string[],
  ) {
    this.stream = createWriteStream(path);
    this.buffer = header.join(",") + "\n";
  }

  get rowCount(): number {
    return this.rows;
  }

  async writeRow(cells: readonly CsvCell[]): Promise<void> {
    if (cells.length !== this.header.length) {
      throw new Error(
        `${this.path}: row has ${cells.length} cells, header has ${this.header.length}`,
      );
    }
    let line = "";
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      const text = typeof cell === "number" ? formatNumber(cell) : (cell ?? "");
      if (typeof cell === "string" && /[",\r\n]/.test(cell)) {
        throw new Error(`${this.path}: cell "${cell}" needs quoting`);
      }
      line += i === 0 ? text : "," + text;
    }
    this.buffer += line + "\n";
    this.rows++;
    if (this.buffer.length >= flushSize) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = "";
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  /** Writes what is buffered and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, "finish");
  }
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`cannot write the non-finite number ${value}`);
  }
  return String(value);
}

/** Writes a small table at once. */
export async function writeCsv(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
): Promise<number> {
  const writer = new CsvWriter(path, header);
  for (const row of rows) await writer.writeRow(row);
  await writer.close();
  return writer.rowCount;
}
