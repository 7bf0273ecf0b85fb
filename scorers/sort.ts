/**
 * Stable argsort of float64 keys by LSD radix sort.
 *
 * Sorting 10 million indices with a JavaScript comparator takes several
 * seconds, so the metrics sort through this module instead. Each key's
 * IEEE-754 bits become an unsigned 64-bit integer with the same order: flip
 * every bit of a negative number, set the sign bit of a positive one. The
 * integers are kept as two Uint32Array halves and sorted 11 bits per pass,
 * low digits first, so six passes cover 64 bits. A pass whose digit is the
 * same for every key is skipped.
 *
 * Each pass moves the keys along with the indices, so it reads
 * sequentially and writes to 2048 buckets that stay in cache, and the
 * sorted keys come out for free. Measured on 10 million Math.random() keys
 * on the project's 2-core machine (Node 20, other jobs running): about
 * 600-900 ms of CPU time, against 1700 ms for 16-bit digits that look each
 * key up by index.
 */

const DIGIT_BITS = 11;
const RADIX = 1 << DIGIT_BITS;
const DIGIT_MASK = RADIX - 1;

/** Digit shifts inside each 32-bit half: bits 0-10, 11-21 and 22-31. */
const SHIFTS = [0, DIGIT_BITS, 2 * DIGIT_BITS] as const;

/** Below this length a comparator sort is about as fast as six passes. */
const SMALL_INPUT = 1024;

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Keys and indices in the order of the last pass, and the targets of the
 * next one.
 */
interface SortBuffers {
  low: Uint32Array;
  high: Uint32Array;
  order: Uint32Array;
  spareLow: Uint32Array;
  spareHigh: Uint32Array;
  spareOrder: Uint32Array;
}

/**
 * Returns the permutation that sorts `keys` ascending: `keys[order[0]]` is
 * the smallest key. Ties keep their input order, and -0 ties with +0, as in
 * a stable `Array.prototype.sort` with `(a, b) => a - b`.
 *
 * The caller rejects NaN first: NaN keys end up in an unspecified position.
 * Runs in O(n) time with 24 bytes of memory per key, including the result.
 * Lengths up to 2^32 - 1 are supported.
 */
export function argsortFloat64(keys: Float64Array): Uint32Array {
  return sortFloat64(keys).order;
}

/** A permutation and the keys in its order. */
export interface SortedKeys {
  /** `keys[order[j]]` is the j-th smallest key. */
  order: Uint32Array;
  /** The keys ascending, `sorted[j] = keys[order[j]]`, with -0 as +0. */
  sorted: Float64Array;
}

/**
 * Sorts like `argsortFloat64` and also returns the sorted keys, so a caller
 * can walk them sequentially instead of looking each one up by index.
 */
export function sortFloat64(keys: Float64Array): SortedKeys {
  const n = keys.length;
  if (n < SMALL_INPUT) {
    const order = argsortByComparator(keys);
    const sorted = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      sorted[j] = (keys[order[j] as number] as number) + 0;
    }
    return { order, sorted };
  }

  // Each pair of low and high words shares one block of 8 bytes per key, so
  // the block the last pass did not write can hold the sorted float64 keys.
  const block = new Uint32Array(2 * n);
  const spareBlock = new Uint32Array(2 * n);
  const buffers: SortBuffers = {
    low: block.subarray(0, n),
    high: block.subarray(n),
    order: new Uint32Array(n),
    spareLow: spareBlock.subarray(0, n),
    spareHigh: spareBlock.subarray(n),
    spareOrder: new Uint32Array(n),
  };
  const histograms = toOrderedBits(keys, buffers.low, buffers.high);
  for (let i = 0; i < n; i++) buffers.order[i] = i;

  for (let pass = 0; pass < 6; pass++) {
    const histogram = histograms[pass] as Uint32Array;
    if (isSingleBucket(histogram, n)) continue;
    const shift = SHIFTS[pass % 3] as number;
    const next = bucketStarts(histogram);
    const word = pass < 3 ? buffers.low : buffers.high;
    scatterPass(buffers, word, next, shift);
    const b = buffers;
    [b.order, b.spareOrder] = [b.spareOrder, b.order];
    [b.low, b.spareLow] = [b.spareLow, b.low];
    [b.high, b.spareHigh] = [b.spareHigh, b.high];
  }
  // The low and high arrays always swap together, so the spare ones are
  // the two halves of one free block.
  const free = new Float64Array(buffers.spareLow.buffer);
  fromOrderedBits(buffers.low, buffers.high, free);
  return { order: buffers.order, sorted: free };
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
 * returns the histograms of its six 11-bit digits, lowest first.
 */
function toOrderedBits(
  keys: Float64Array,
  low: Uint32Array,
  high: Uint32Array,
): Uint32Array[] {
  const histograms = Array.from({ length: 6 }, () => new Uint32Array(RADIX));
  const [l0, l1, l2, h0, h1, h2] = histograms as [
    Uint32Array,
    Uint32Array,
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
    l0[lowWord & DIGIT_MASK]!++;
    l1[(lowWord >>> 11) & DIGIT_MASK]!++;
    l2[lowWord >>> 22]!++;
    h0[highWord & DIGIT_MASK]!++;
    h1[(highWord >>> 11) & DIGIT_MASK]!++;
    h2[highWord >>> 22]!++;
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

/** Returns the first output position of each digit's bucket. */
function bucketStarts(histogram: Uint32Array): Uint32Array {
  const next = new Uint32Array(RADIX);
  let start = 0;
  for (let digit = 0; digit < RADIX; digit++) {
    next[digit] = start;
    start += histogram[digit] as number;
  }
  return next;
}

/**
 * Moves (index, low, high) triples to their buckets by the digit of `word`
 * (the low or the high array) at `shift`, into the spare buffers.
 */
function scatterPass(
  buffers: SortBuffers,
  word: Uint32Array,
  next: Uint32Array,
  shift: number,
): void {
  const { order, low, high, spareOrder, spareLow, spareHigh } = buffers;
  for (let i = 0; i < order.length; i++) {
    const digit = ((word[i] as number) >>> shift) & DIGIT_MASK;
    const position = next[digit] as number;
    next[digit] = position + 1;
    spareOrder[position] = order[i] as number;
    spareLow[position] = low[i] as number;
    spareHigh[position] = high[i] as number;
  }
}

/**
 * Turns order-preserving integers back into float64 keys, written to
 * `keys`, whose memory must not overlap `low` or `high`.
 */
function fromOrderedBits(
  low: Uint32Array,
  high: Uint32Array,
  keys: Float64Array,
): void {
  const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * low.length);
  const lowAt = littleEndian ? 0 : 1;
  const highAt = 1 - lowAt;
  for (let i = 0; i < low.length; i++) {
    const highWord = high[i] as number;
    if (highWord & 0x80000000) {
      words[2 * i + highAt] = (highWord & 0x7fffffff) >>> 0;
      words[2 * i + lowAt] = low[i] as number;
    } else {
      words[2 * i + highAt] = ~highWord >>> 0;
      words[2 * i + lowAt] = ~(low[i] as number) >>> 0;
    }
  }
}
