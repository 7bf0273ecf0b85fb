import type { RowCondition, Split } from "../challenge/definition";
import { BundleError } from "../challenge/errors";
import type { AnswerKey } from "./answer-key";

/**
 * Selects the answer-key rows that satisfy every condition (all rows when
 * there are none) and returns a mask with 1 for a selected row. Throws a
 * BundleError when a condition names a value the column never contains,
 * because that is almost always a typo in the definition.
 */
export function selectRows(key: AnswerKey, conditions: readonly RowCondition[] | undefined): Uint8Array {
  const mask = new Uint8Array(key.rowCount).fill(1);
  for (const condition of conditions ?? []) {
    const column = textColumn(key, condition.column);
    const values = condition.in ?? [condition.equals!];
    const accepted = new Uint8Array(column.values.length);
    for (const value of values) {
      const code = column.values.indexOf(value);
      if (code < 0) {
        throw new BundleError(
          "answer key",
          `filter ${condition.column} = "${value}" matches no row of the answer key; ` +
            `check the value in the challenge definition`,
        );
      }
      accepted[code] = 1;
    }
    const codes = column.codes;
    for (let row = 0; row < mask.length; row++) {
      if (accepted[codes[row]!] === 0) mask[row] = 0;
    }
  }
  return mask;
}

/** Row numbers of the public and private parts among the rows in `mask`. */
export interface Parts {
  publicRows: Int32Array;
  privateRows: Int32Array;
}

/**
 * Splits the rows in `mask` into public and private parts, by a column's
 * text or by a seeded random share (the same rows for the same answer key
 * and seed, whatever the submission).
 */
export function splitRows(key: AnswerKey, split: Split, mask: Uint8Array): Parts {
  if ("column" in split) {
    const column = textColumn(key, split.column);
    const publicCode = column.values.indexOf(split.public);
    const privateCode = column.values.indexOf(split.private);
    return {
      publicRows: rowsWithCode(mask, column.codes, publicCode),
      privateRows: rowsWithCode(mask, column.codes, privateCode),
    };
  }

  const scored = rowsWithCode(mask, undefined, 0);
  const random = mulberry32(split.seed);
  // Fisher-Yates shuffle of the scored rows; the first share goes public.
  const shuffled = Int32Array.from(scored);
  for (let last = shuffled.length - 1; last > 0; last--) {
    const pick = Math.floor(random() * (last + 1));
    const swapped = shuffled[last]!;
    shuffled[last] = shuffled[pick]!;
    shuffled[pick] = swapped;
  }
  const publicCount = Math.round(split.public_fraction * shuffled.length);
  const publicRows = shuffled.slice(0, publicCount).sort();
  const privateRows = shuffled.slice(publicCount).sort();
  return { publicRows, privateRows };
}

/**
 * Returns the rows, ascending, where `mask` is 1 and, when `codes` is
 * given, `codes[row]` equals `code`.
 */
export function rowsWithCode(mask: Uint8Array, codes: Int32Array | undefined, code: number): Int32Array {
  let count = 0;
  for (let row = 0; row < mask.length; row++) {
    if (mask[row] === 1 && (codes === undefined || codes[row] === code)) count++;
  }
  const rows = new Int32Array(count);
  let next = 0;
  for (let row = 0; row < mask.length; row++) {
    if (mask[row] === 1 && (codes === undefined || codes[row] === code)) rows[next++] = row;
  }
  return rows;
}

function textColumn(key: AnswerKey, name: string) {
  const column = key.text.get(name);
  if (!column) throw new Error(`answer-key column "${name}" was not read as text`);
  return column;
}

/** Mulberry32, a small seeded 32-bit generator; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
