import { parseIntegerIdBytes } from "./parse-number";

const textDecoder = new TextDecoder("utf-8");
const textEncoder = new TextEncoder();

/**
 * The largest id range, as a multiple of the id count, that gets a direct
 * table (4 bytes per id in the range) instead of a hash table.
 */
const maxDenseSpread = 4;

/** A repeated id in the answer key; `row` is its second occurrence. */
export class DuplicateKeyIdError extends Error {
  constructor(
    readonly id: string,
    readonly row: number,
  ) {
    super(`duplicate id ${JSON.stringify(id)}`);
    this.name = "DuplicateKeyIdError";
  }
}

/**
 * Collects the answer key's ids in row order. While every id is a
 * canonical integer (see `parseIntegerIdBytes`) they are kept as numbers,
 * and the first other id switches to strings.
 */
export class IdIndexBuilder {
  private integerIds: Float64Array | undefined;
  private textIds: string[] | undefined;
  private count = 0;
  private min = Infinity;
  private max = -Infinity;

  constructor(expectedSize = 1024) {
    this.integerIds = new Float64Array(Math.max(16, expectedSize));
  }

  /** Appends the id in `bytes[start, end)` as the next row. */
  addBytes(bytes: Uint8Array, start: number, end: number): void {
    const ids = this.integerIds;
    if (ids !== undefined) {
      const id = parseIntegerIdBytes(bytes, start, end);
      if (!Number.isNaN(id)) {
        if (this.count === ids.length) this.growIntegers();
        this.integerIds![this.count++] = id;
        if (id < this.min) this.min = id;
        if (id > this.max) this.max = id;
        return;
      }
      this.switchToText();
    }
    this.textIds!.push(textDecoder.decode(bytes.subarray(start, end)));
    this.count++;
  }

  /** Appends an id given as text. */
  addText(id: string): void {
    const bytes = textEncoder.encode(id);
    this.addBytes(bytes, 0, bytes.length);
  }

  /** Builds the index; throws DuplicateKeyIdError for a repeated id. */
  finish(): IdIndex {
    if (this.textIds !== undefined) return IdIndex.fromText(this.textIds);
    return IdIndex.fromIntegers(this.integerIds!.subarray(0, this.count), this.min, this.max);
  }

  private growIntegers(): void {
    const larger = new Float64Array(this.integerIds!.length * 2);
    larger.set(this.integerIds!);
    this.integerIds = larger;
  }

  private switchToText(): void {
    const ids = this.integerIds!;
    this.textIds = Array.from(ids.subarray(0, this.count), (id) => String(id));
    this.integerIds = undefined;
  }
}

/**
 * Maps the answer key's ids to row numbers 0..size-1. Integer ids in a
 * range at most `maxDenseSpread` times their count (the usual 0..n-1 or a
 * shuffled block) use a direct table indexed by id - min, so a lookup is
 * one array read. Other integer ids use an open-addressing hash table
 * (linear probing, load at most 3/4) of (id, row + 1) pairs in one
 * Float64Array, and text ids a Map. No string is made per row for integer
 * ids.
 */
export class IdIndex {
  readonly size: number;
  private readonly mode: "dense" | "hash" | "text";
  private readonly min: number;
  /** Dense mode: row + 1 per id - min, 0 when absent. */
  private readonly direct: Int32Array;
  /** Hash mode: (id, row + 1) pairs, row + 1 = 0 for an empty slot. */
  private readonly table: Float64Array;
  private readonly shift: number;
  private readonly textIds: string[];
  private readonly textRows: Map<string, number>;

  private constructor(
    size: number,
    mode: "dense" | "hash" | "text",
    parts: {
      min?: number;
      direct?: Int32Array;
      table?: Float64Array;
      shift?: number;
      textIds?: string[];
      textRows?: Map<string, number>;
    },
  ) {
    this.size = size;
    this.mode = mode;
    this.min = parts.min ?? 0;
    this.direct = parts.direct ?? new Int32Array(0);
    this.table = parts.table ?? new Float64Array(0);
    this.shift = parts.shift ?? 0;
    this.textIds = parts.textIds ?? [];
    this.textRows = parts.textRows ?? new Map();
  }

  static fromIntegers(ids: Float64Array, min: number, max: number): IdIndex {
    const size = ids.length;
    if (size === 0) return new IdIndex(0, "dense", {});
    const spread = max - min + 1;
    if (spread <= maxDenseSpread * size + 1024) {
      const direct = new Int32Array(spread);
      for (let row = 0; row < size; row++) {
        const offset = ids[row]! - min;
        if (direct[offset] !== 0) throw new DuplicateKeyIdError(String(ids[row]), row);
        direct[offset] = row + 1;
      }
      return new IdIndex(size, "dense", { min, direct });
    }

    let bits = 4;
    while (2 ** bits * 3 < size * 4) bits++;
    const table = new Float64Array(2 * 2 ** bits);
    const shift = 32 - bits;
    const mask = table.length - 1;
    for (let row = 0; row < size; row++) {
      const id = ids[row]!;
      let slot = hashSlot(id, shift);
      while (table[slot + 1] !== 0) {
        if (table[slot] === id) throw new DuplicateKeyIdError(String(id), row);
        slot = (slot + 2) & mask;
      }
      table[slot] = id;
      table[slot + 1] = row + 1;
    }
    return new IdIndex(size, "hash", { table, shift });
  }

  static fromText(ids: string[]): IdIndex {
    const rows = new Map<string, number>();
    ids.forEach((id, row) => {
      if (rows.has(id)) throw new DuplicateKeyIdError(id, row);
      rows.set(id, row);
    });
    return new IdIndex(ids.length, "text", { textIds: ids, textRows: rows });
  }

  /** True when ids are integers and `findIntegers` applies. */
  get integerMode(): boolean {
    return this.mode !== "text";
  }

  /**
   * Looks up `count` integer ids at once, writing each row (or -1) to
   * `rows`. A tight loop lets the processor overlap the cache misses of
   * many lookups, which a lookup per parsed line cannot.
   */
  findIntegers(ids: Float64Array, rows: Int32Array, count: number): void {
    if (this.mode === "dense") {
      const direct = this.direct;
      const min = this.min;
      const length = direct.length;
      for (let index = 0; index < count; index++) {
        const offset = ids[index]! - min;
        rows[index] = offset >= 0 && offset < length ? direct[offset]! - 1 : -1;
      }
      return;
    }
    for (let index = 0; index < count; index++) rows[index] = this.findInteger(ids[index]!);
  }

  /** Returns the row of the id in `bytes[start, end)`, or -1. */
  findBytes(bytes: Uint8Array, start: number, end: number): number {
    if (this.mode === "text") return this.textRows.get(textDecoder.decode(bytes.subarray(start, end))) ?? -1;
    const id = parseIntegerIdBytes(bytes, start, end);
    return Number.isNaN(id) ? -1 : this.findInteger(id);
  }

  /** Returns the row of an id given as a number or text, or -1. */
  find(id: string | number): number {
    if (this.mode === "text") return this.textRows.get(String(id)) ?? -1;
    if (typeof id === "number") return Number.isSafeInteger(id) ? this.findInteger(id) : -1;
    const bytes = textEncoder.encode(id);
    return this.findBytes(bytes, 0, bytes.length);
  }

  /**
   * Returns the ids of the given rows as text, in the order given. Costs a
   * pass over the table unless ids are text, so it is meant for messages.
   */
  idTexts(rows: readonly number[]): string[] {
    if (this.mode === "text") return rows.map((row) => this.textIds[row]!);
    const positionByRow = new Map(rows.map((row, position) => [row, position]));
    const texts = new Array<string>(rows.length).fill("");
    if (this.mode === "dense") {
      const direct = this.direct;
      for (let offset = 0; offset < direct.length; offset++) {
        const position = direct[offset] === 0 ? undefined : positionByRow.get(direct[offset]! - 1);
        if (position !== undefined) texts[position] = String(offset + this.min);
      }
      return texts;
    }
    const table = this.table;
    for (let slot = 0; slot < table.length; slot += 2) {
      const position = table[slot + 1] === 0 ? undefined : positionByRow.get(table[slot + 1]! - 1);
      if (position !== undefined) texts[position] = String(table[slot]);
    }
    return texts;
  }

  /** Returns the id of one row as text; see `idTexts`. */
  idText(row: number): string {
    return this.idTexts([row])[0]!;
  }

  private findInteger(id: number): number {
    if (this.mode === "dense") {
      const offset = id - this.min;
      if (offset < 0 || offset >= this.direct.length) return -1;
      return this.direct[offset]! - 1;
    }
    const table = this.table;
    const mask = table.length - 1;
    let slot = hashSlot(id, this.shift);
    for (;;) {
      const rowPlusOne = table[slot + 1]!;
      if (rowPlusOne === 0) return -1;
      if (table[slot] === id) return rowPlusOne - 1;
      slot = (slot + 2) & mask;
    }
  }
}

/** Fibonacci hashing of an integer below 2^53 to an even table offset. */
function hashSlot(id: number, shift: number): number {
  const low = id | 0;
  const high = (id / 4294967296) | 0;
  return (Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1) >>> shift) * 2;
}
