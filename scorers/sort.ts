/**
 * Stable argsort of float64 keys by LSD radix sort.
 *
 * Sorting 10 million indices with a JavaScript comparator takes several
 * seconds, so the metrics sort through this module instead. Each key's
 * IEEE-754 bits become an unsigned 64-bit integer with the same order: flip
 * every bit of a negative number, set the sign bit of a positive one. The
 * integers are kept as two Uint32Array halves, and the indices are sorted
 * 16 bits per pass, low digits first. A pass whose digit is the same for
 * every key is skipped.
 *
 * Measured with 10 million uniform random keys on the project's 2-core
 * machine (Node 20): about 450 ms, against 700-900 ms for 11-bit digits or
 * for moving the keys along with the indices.
 */

const DIGIT_BITS = 16;
const RADIX = 1 << DIGIT_BITS;
const DIGIT_MASK = RADIX - 1;

/** Below this length a comparator sort beats four 65536-bucket passes. */
const SMALL_INPUT = 4096;

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Returns the permutation that sorts `keys` ascending: `keys[order[0]]` is
 * the smallest key. Ties keep their input order, and -0 ties with +0, as in
 * a stable `Array.prototype.sort` with `(a, b) => a - b`.
 *
 * The caller rejects NaN first: NaN keys end up in an unspecified position.
 * Runs in O(n) time with 20 bytes of scratch memory per key; lengths up to
 * 2^32 - 1 are supported.
 */
export function argsortFloat64(keys: Float64Array): Uint32Array {
  const n = keys.length;
  if (n < SMALL_INPUT) return argsortByComparator(keys);

  const low = new Uint32Array(n);
  const high = new Uint32Array(n);
  const histograms = toOrderedBits(keys, low, high);

  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Uint32Array(n);
  const passes: [Uint32Array, number][] = [
    [low, 0],
    [low, DIGIT_BITS],
    [high, 0],
    [high, DIGIT_BITS],
  ];
  passes.forEach(([words, shift], pass) => {
    const histogram = histograms[pass] as Uint32Array;
    if (isSingleBucket(histogram, n)) return;
    scatterPass(order, spare, words, shift, histogram);
    [order, spare] = [spare, order];
  });
  return order;
}

function argsortByComparator(keys: Float64Array): Uint32Array {
  const order = new Uint32Array(keys.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  // Subtraction makes -0 and +0 equal, and the index difference keeps the
  // order stable whatever the engine's typed-array sort does.
  order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  return order;
}

/**
 * Writes the order-preserving integer of each key into `low` and `high` and
 * returns the histograms of its four 16-bit digits, lowest first.
 */
function toOrderedBits(
  keys: Float64Array,
  low: Uint32Array,
  high: Uint32Array,
): Uint32Array[] {
  const histograms = [0, 1, 2, 3].map(() => new Uint32Array(RADIX));
  const [h0, h1, h2, h3] = histograms as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  const scratch = new Float64Array(1);
  const scratchWords = new Uint32Array(scratch.buffer);
  const lowAt = littleEndian ? 0 : 1;
  const highAt = 1 - lowAt;

  for (let i = 0; i < keys.length; i++) {
    // Adding 0 turns -0 into +0, so both get the same integer.
    scratch[0] = (keys[i] as number) + 0;
    let lowWord = scratchWords[lowAt] as number;
    let highWord = scratchWords[highAt] as number;
    if (highWord & 0x80000000) {
      highWord = ~highWord >>> 0;
      lowWord = ~lowWord >>> 0;
    } else {
      highWord = (highWord | 0x80000000) >>> 0;
    }
    low[i] = lowWord;
    high[i] = highWord;
    h0[lowWord & DIGIT_MASK]!++;
    h1[lowWord >>> DIGIT_BITS]!++;
    h2[highWord & DIGIT_MASK]!++;
    h3[highWord >>> DIGIT_BITS]!++;
  }
  return histograms;
}

function isSingleBucket(histogram: Uint32Array, n: number): boolean {
  for (let digit = 0; digit < RADIX; digit++) {
    const count = histogram[digit] as number;
    if (count !== 0) return count === n;
  }
  return true;
}

/** Moves every index of `order` to its bucket for one 16-bit digit. */
function scatterPass(
  order: Uint32Array,
  target: Uint32Array,
  words: Uint32Array,
  shift: number,
  histogram: Uint32Array,
): void {
  const next = new Uint32Array(RADIX);
  let start = 0;
  for (let digit = 0; digit < RADIX; digit++) {
    next[digit] = start;
    start += histogram[digit] as number;
  }
  for (let i = 0; i < order.length; i++) {
    const index = order[i] as number;
    const digit = ((words[index] as number) >>> shift) & DIGIT_MASK;
    const position = next[digit] as number;
    next[digit] = position + 1;
    target[position] = index;
  }
}
