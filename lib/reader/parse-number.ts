/**
 * Byte-level number parsing for CSV fields. The fast path reads plain
 * decimals (`-0.125`, `42`) with at most 15 significant digits and at most
 * 22 digits after the point. Then the digits form an exact integer below
 * 2^53 and the power of ten is exact, so one division gives the correctly
 * rounded double, the same value `Number()` returns (Clinger's
 * fast path). `parseDecimalInto` writes the value into `target[index]`
 * rather than returning it, which spares V8 a heap number per call, and
 * returns false for anything else, so the caller falls back to
 * `parseDecimalText`.
 */

const powersOfTen = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

export function parseDecimalInto(
  bytes: Uint8Array,
  start: number,
  end: number,
  target: Float64Array,
  index: number,
): boolean {
  if (start >= end) return false;
  let p = start;
  let negative = false;
  const sign = bytes[p];
  if (sign === 45 || sign === 43) {
    negative = sign === 45;
    p++;
  }
  let mantissa = 0;
  let significant = 0;
  let fractionDigits = 0;
  let digits = 0;
  let seenPoint = false;
  for (; p < end; p++) {
    const byte = bytes[p]!;
    if (byte >= 48 && byte <= 57) {
      digits++;
      if (mantissa !== 0 || byte !== 48) significant++;
      mantissa = mantissa * 10 + (byte - 48);
      if (seenPoint) fractionDigits++;
    } else if (byte === 46 && !seenPoint) {
      seenPoint = true;
    } else {
      return false;
    }
  }
  if (digits === 0 || significant > 15 || fractionDigits > 22) return false;
  const value = fractionDigits === 0 ? mantissa : mantissa / powersOfTen[fractionDigits]!;
  target[index] = negative ? -value : value;
  return true;
}

const decimalPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const nonFinitePattern = /^[+-]?(?:nan|inf|infinity)$/i;

/** The outcome of parsing a field's text as a number. */
export type DecimalText =
  | { kind: "number"; value: number }
  | { kind: "empty" }
  | { kind: "not_finite" }
  | { kind: "invalid" };

/**
 * Parses a decimal with optional exponent, after trimming spaces. Rejects
 * hexadecimal, `Infinity` and other forms `Number()` would accept, and
 * reports NaN and infinities separately from text that is no number.
 */
export function parseDecimalText(text: string): DecimalText {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "empty" };
  if (nonFinitePattern.test(trimmed)) return { kind: "not_finite" };
  if (!decimalPattern.test(trimmed)) return { kind: "invalid" };
  const value = Number(trimmed);
  return Number.isFinite(value) ? { kind: "number", value } : { kind: "not_finite" };
}

/**
 * Parses a canonical decimal integer id (`0`, `-12`, `1000001`; no sign
 * `+`, no leading zeros, at most 15 digits). Returns NaN for anything else,
 * so ids such as `007` stay distinct strings.
 */
export function parseIntegerIdBytes(bytes: Uint8Array, start: number, end: number): number {
  let p = start;
  const negative = bytes[p] === 45;
  if (negative) p++;
  const length = end - p;
  if (length <= 0 || length > 15) return Number.NaN;
  if (bytes[p] === 48 && length > 1) return Number.NaN;
  let value = 0;
  for (; p < end; p++) {
    const byte = bytes[p]!;
    if (byte < 48 || byte > 57) return Number.NaN;
    value = value * 10 + (byte - 48);
  }
  if (negative && value === 0) return Number.NaN;
  return negative ? -value : value;
}
