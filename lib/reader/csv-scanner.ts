import { open, type FileHandle } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";

const comma = 44;
const quote = 34;
const lineFeed = 10;
const carriageReturn = 13;

const initialBufferBytes = 4 << 20;
/** Maximum record (line) length in bytes, so a file without line ends cannot grow memory. */
export const maxRecordBytes = 4 << 20;

/**
 * A malformed CSV file: a record longer than `maxRecordBytes`, text after a
 * closing quote, or a quote that is never closed. Callers turn it into a
 * SubmissionError or a BundleError, depending on the file.
 */
export class CsvFormatError extends Error {
  readonly line: number;
  readonly column: number | undefined;

  constructor(line: number, message: string, column?: number) {
    super(message);
    this.name = "CsvFormatError";
    this.line = line;
    this.column = column;
  }
}

/**
 * The fields of the current record, as byte ranges of `bytes`, valid only
 * during the handler call. Quotes around a field are excluded from its
 * range, and `escaped[i]` is 1 when field i contains doubled quotes (`""`)
 * that `text(i)` turns back into one. Only the first `maxFields` fields are
 * stored, while `count` is the record's real field count.
 */
export class CsvRecord {
  bytes: Uint8Array = new Uint8Array(0);
  count = 0;
  /** 1-based line on which the record starts. */
  line = 0;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly escaped: Uint8Array;
  private readonly decoder = new TextDecoder("utf-8");

  constructor(readonly maxFields: number) {
    this.starts = new Int32Array(maxFields);
    this.ends = new Int32Array(maxFields);
    this.escaped = new Uint8Array(maxFields);
  }

  /** Decodes field `index` as UTF-8, undoing doubled quotes. */
  text(index: number): string {
    const value = this.decoder.decode(this.bytes.subarray(this.starts[index], this.ends[index]));
    return this.escaped[index] === 1 ? value.replaceAll('""', '"') : value;
  }

  /** Decodes every stored field, e.g. for a header. */
  texts(): string[] {
    const stored = Math.min(this.count, this.maxFields);
    return Array.from({ length: stored }, (_, index) => this.text(index));
  }
}

/** Reads bytes into `target` at `offset`; returns 0 at the end of input. */
export interface ByteSource {
  read(target: Uint8Array, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
}

/** Opens a plain file as a ByteSource. */
export async function openFileSource(file: string): Promise<ByteSource> {
  const handle: FileHandle = await open(file, "r");
  return {
    async read(target, offset, length) {
      const { bytesRead } = await handle.read(target, offset, length, null);
      return bytesRead;
    },
    close: () => handle.close(),
  };
}

/**
 * Opens a gzip file as a ByteSource of its decompressed bytes. Reading
 * beyond `maxBytes` decompressed bytes throws `onTooLarge()`.
 */
export function openGzipSource(
  file: string,
  maxBytes: number,
  onTooLarge: () => Error,
): ByteSource {
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  const stream = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(gunzip);
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending: Buffer | undefined;
  let pendingOffset = 0;
  let total = 0;
  return {
    async read(target, offset, length) {
      if (!pending || pendingOffset >= pending.length) {
        const next = await chunks.next();
        if (next.done) return 0;
        pending = next.value;
        pendingOffset = 0;
        total += pending.length;
        if (total > maxBytes) throw onTooLarge();
      }
      const count = Math.min(length, pending.length - pendingOffset);
      target.set(pending.subarray(pendingOffset, pendingOffset + count), offset);
      pendingOffset += count;
      return count;
    },
    async close() {
      stream.destroy();
    },
  };
}

/**
 * Streams CSV records from `source` to `handler`, header included, with
 * one reused CsvRecord and no allocation per record. Skips a UTF-8 byte
 * order mark and blank lines; accepts LF, CRLF and CR line ends and quoted
 * fields that may span lines. Returns the number of records passed on.
 */
export async function scanCsv(
  source: ByteSource,
  maxFields: number,
  handler: (record: CsvRecord) => void,
): Promise<number> {
  const record = new CsvRecord(maxFields);
  const state = { line: 1, records: 0 };
  let buffer = new Uint8Array(initialBufferBytes);
  let filled = 0;
  let first = true;
  try {
    for (;;) {
      if (filled === buffer.length) {
        if (buffer.length >= maxRecordBytes * 2) {
          throw new CsvFormatError(state.line, `a line is longer than ${maxRecordBytes} bytes`);
        }
        const larger = new Uint8Array(buffer.length * 2);
        larger.set(buffer);
        buffer = larger;
      }
      const read = await source.read(buffer, filled, buffer.length - filled);
      const final = read === 0;
      filled += read;
      let start = 0;
      if (first && filled >= 3) {
        first = false;
        if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3;
      } else if (first && final) {
        first = false;
      }
      const stop = scanBuffer(buffer, start, filled, final, record, state, handler);
      if (final) {
        if (stop < filled) throw new CsvFormatError(state.line, "a quoted field is never closed");
        return state.records;
      }
      if (filled - stop > maxRecordBytes) {
        throw new CsvFormatError(state.line, `a line is longer than ${maxRecordBytes} bytes`);
      }
      buffer.copyWithin(0, stop, filled);
      filled -= stop;
    }
  } finally {
    await source.close();
  }
}

/**
 * Scans complete records in `bytes[position, end)` and returns where the
 * first incomplete one starts (`end` when all were complete). At the end
 * of input (`final`) the last record needs no line end.
 */
function scanBuffer(
  bytes: Uint8Array,
  position: number,
  end: number,
  final: boolean,
  record: CsvRecord,
  state: { line: number; records: number },
  handler: (record: CsvRecord) => void,
): number {
  const starts = record.starts;
  const ends = record.ends;
  const escaped = record.escaped;
  const maxFields = record.maxFields;
  record.bytes = bytes;
  let line = state.line;

  records: while (position < end) {
    const recordLine = line;
    let p = position;
    let count = 0;
    for (;;) {
      let fieldStart = p;
      let fieldEnd: number;
      let fieldEscaped = 0;
      if (p < end && bytes[p] === quote) {
        p++;
        fieldStart = p;
        for (;;) {
          if (p >= end) {
            if (final) throw new CsvFormatError(recordLine, "a quoted field is never closed", count + 1);
            state.line = recordLine;
            return position;
          }
          const byte = bytes[p];
          if (byte === quote) {
            if (p + 1 >= end && !final) {
              state.line = recordLine;
              return position;
            }
            if (bytes[p + 1] === quote) {
              fieldEscaped = 1;
              p += 2;
              continue;
            }
            fieldEnd = p;
            p++;
            break;
          }
          if (byte === lineFeed) line++;
          p++;
        }
        if (p < end) {
          const next = bytes[p];
          if (next !== comma && next !== lineFeed && next !== carriageReturn) {
            throw new CsvFormatError(recordLine, "unexpected text after a closing quote", count + 1);
          }
        }
      } else {
        while (p < end) {
          const byte = bytes[p]!;
          if (byte > comma || (byte !== comma && byte !== lineFeed && byte !== carriageReturn)) {
            p++;
            continue;
          }
          break;
        }
        fieldEnd = p;
      }
      if (count < maxFields) {
        starts[count] = fieldStart;
        ends[count] = fieldEnd;
        escaped[count] = fieldEscaped;
      }
      count++;
      if (p >= end) {
        if (!final) {
          state.line = recordLine;
          return position;
        }
        break;
      }
      const byte = bytes[p];
      if (byte === comma) {
        p++;
        continue;
      }
      if (byte === carriageReturn) {
        if (p + 1 >= end && !final) {
          state.line = recordLine;
          return position;
        }
        p++;
        if (p < end && bytes[p] === lineFeed) p++;
      } else {
        p++;
      }
      line++;
      break;
    }
    position = p;
    const blank = count === 1 && starts[0] === ends[0] && bytes[starts[0]! - 1] !== quote;
    if (blank) continue records;
    record.count = count;
    record.line = recordLine;
    state.records++;
    state.line = line;
    handler(record);
  }
  state.line = line;
  return position;
}
