import { parseIntegerIdBytes } from "./parse-number";

const textDecoder = new TextDecoder("utf-8");

/**
 * Maps the ids of the answer key to row numbers 0..size-1. While every id
 * is a canonical integer (see `parseIntegerIdBytes`) the ids live in a
 * Float64Array with an open-addressing hash table of row numbers (linear
 * probing, load at most 1/2), so no string is made per row. The first other
 * id switches the index to a Map of strings.
 */
export class IdIndex {
  size = 0;
  private integerIds: Float64Array | undefined = new Float64Array(1024);
  /** Row + 1 per slot, 0 for an empty slot. */
  private slots = new Int32Array(4096);
  private shift = 32 - 12;
  private textIds: string[] | undefined;
  private textRows: Map<string, number> | undefined;

  get integerMode(): boolean {
    return this.integerIds !== undefined;
  }

  /** Adds the id in `bytes[start, end)`; returns its row, or -1 for a duplicate. */
  addBytes(bytes: Uint8Array, start: number, end: number): number {
    if (this.integerIds !== undefined) {
      const id = parseIntegerIdBytes(bytes, start, end);
      if (!Number.isNaN(id)) return this.addInteger(id);
      this.switchToText();
    }
    return this.addText(textDecoder.decode(bytes.subarray(start, end)));
  }

  /** Adds an id given as text; returns its row, or -1 for a duplicate. */
  addText(id: string): number {
    if (this.integerIds !== undefined) {
      const bytes = new TextEncoder().encode(id);
      return this.addBytes(bytes, 0, bytes.length);
    }
    const rows = this.textRows!;
    if (rows.has(id)) return -1;
    rows.set(id, this.size);
    this.textIds!.push(id);
    return this.size++;
  }

  /** Returns the row of the id in `bytes[start, end)`, or -1. */
  findBytes(bytes: Uint8Array, start: number, end: number): number {
    if (this.integerIds !== undefined) {
      const id = parseIntegerIdBytes(bytes, start, end);
      return Number.isNaN(id) ? -1 : this.findInteger(id);
    }
    return this.textRows!.get(textDecoder.decode(bytes.subarray(start, end))) ?? -1;
  }

  /** Returns the row of an id given as a number or text, or -1. */
  find(id: string | number): number {
    if (this.integerIds !== undefined) {
      const value = typeof id === "number" ? id : Number(id);
      if (typeof id === "string" && String(value) !== id) return -1;
      return Number.isSafeInteger(value) ? this.findInteger(value) : -1;
    }
    return this.textRows!.get(String(id)) ?? -1;
  }

  /** The id of `row` as text. */
  idText(row: number): string {
    if (this.integerIds !== undefined) return String(this.integerIds[row]);
    return this.textIds![row]!;
  }

  private hash(id: number): number {
    const low = id | 0;
    const high = (id / 4294967296) | 0;
    return Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1) >>> this.shift;
  }

  private findInteger(id: number): number {
    const ids = this.integerIds!;
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = this.hash(id);
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) return -1;
      if (ids[entry - 1] === id) return entry - 1;
      slot = (slot + 1) & mask;
    }
  }

  private addInteger(id: number): number {
    if (this.findInteger(id) >= 0) return -1;
    if ((this.size + 1) * 2 > this.slots.length) this.growSlots();
    if (this.size === this.integerIds!.length) {
      const larger = new Float64Array(this.integerIds!.length * 2);
      larger.set(this.integerIds!);
      this.integerIds = larger;
    }
    const row = this.size++;
    this.integerIds![row] = id;
    this.insertSlot(id, row);
    return row;
  }

  private insertSlot(id: number, row: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = this.hash(id);
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = row + 1;
  }

  private growSlots(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.shift--;
    const ids = this.integerIds!;
    for (let row = 0; row < this.size; row++) this.insertSlot(ids[row]!, row);
  }

  private switchToText(): void {
    const ids = this.integerIds!;
    this.textIds = [];
    this.textRows = new Map();
    for (let row = 0; row < this.size; row++) {
      const text = String(ids[row]);
      this.textIds.push(text);
      this.textRows.set(text, row);
    }
    this.integerIds = undefined;
    this.slots = new Int32Array(0);
  }
}
