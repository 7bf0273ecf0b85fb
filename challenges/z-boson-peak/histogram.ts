/** Equal-width histogram of the selected masses. */
export interface MassHistogram {
  /** Bin edges, `bins + 1` values from the lowest to the highest mass. */
  edges: number[];
  centres: number[];
  counts: number[];
}

/**
 * Histograms `values` into `bins` equal-width bins over [min, max] of the
 * values themselves. Every bin is half-open [low, high) except the last,
 * which includes the maximum. Edge i is min + i * (max - min) / bins, and a
 * value is placed by comparing it with those edges, so the counts match
 * numpy.histogram(values, bins) exactly.
 */
export function histogramOverRange(values: Float64Array, bins: number): MassHistogram {
  if (values.length === 0) {
    throw new RangeError("cannot histogram an empty selection");
  }
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min === max) {
    // numpy widens a zero-width range to [min - 0.5, max + 0.5].
    min -= 0.5;
    max += 0.5;
  }

  const step = (max - min) / bins;
  const edges: number[] = [];
  for (let i = 0; i < bins; i++) edges.push(i * step + min);
  edges.push(max);

  const counts = new Array<number>(bins).fill(0);
  const scale = bins / (max - min);
  for (const value of values) {
    let index = Math.floor((value - min) * scale);
    if (index >= bins) index = bins - 1;
    // Correct the rounding of the division against the edges themselves.
    if (value < (edges[index] as number)) index--;
    else if (index < bins - 1 && value >= (edges[index + 1] as number)) index++;
    counts[index] = (counts[index] as number) + 1;
  }

  const centres = counts.map(
    (_, i) => ((edges[i] as number) + (edges[i + 1] as number)) / 2,
  );
  return { edges, centres, counts };
}
