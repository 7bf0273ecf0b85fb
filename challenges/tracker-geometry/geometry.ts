/**
 * The straw-tube tracker of the course's week 5: four layers of 201 tubes
 * of radius R = 1 and pitch 4, tube n of layer 1 at (z, y) = (0, 4n) for
 * n = -100..100, and each next layer shifted by (y_i, z_i) from the one
 * before. A straight track y = k z + b hits a tube centred at (Z, Y) when
 * its distance to the centre, |k Z + b - Y| cos(arctan k), is below R.
 */
export const tubeRadius = 1;
export const tubePitch = 4;
export const tubesPerLayer = 201;
export const layerCount = 4;
const maxIndex = (tubesPerLayer - 1) / 2;

export interface Shifts {
  y1: number;
  y2: number;
  y3: number;
  z1: number;
  z2: number;
  z3: number;
}

/** Computes each layer's (z, y) offset: layer 1 at (0, 0), then cumulative. */
export function layerOffsets(shifts: Shifts): { z: number; y: number }[] {
  const offsets = [{ z: 0, y: 0 }];
  const steps: [number, number][] = [
    [shifts.z1, shifts.y1],
    [shifts.z2, shifts.y2],
    [shifts.z3, shifts.y3],
  ];
  for (const [dz, dy] of steps) {
    const last = offsets[offsets.length - 1] as { z: number; y: number };
    offsets.push({ z: last.z + dz, y: last.y + dy });
  }
  return offsets;
}

/**
 * Counts the tubes of all layers that the track y = k z + b hits. Per
 * layer only the tubes whose centres lie within R sqrt(1 + k^2) of the
 * track's y at that layer can be hit, so the loop visits those few indices
 * instead of all 201.
 */
export function countHitTubes(
  k: number,
  b: number,
  offsets: readonly { z: number; y: number }[],
): number {
  const cosine = Math.cos(Math.atan(k));
  const reach = tubeRadius / cosine;
  let hits = 0;
  for (const offset of offsets) {
    const y = k * offset.z + b;
    const first = Math.max(-maxIndex, Math.ceil((y - offset.y - reach) / tubePitch) - 1);
    const last = Math.min(maxIndex, Math.floor((y - offset.y + reach) / tubePitch) + 1);
    for (let n = first; n <= last; n++) {
      const centre = tubePitch * n + offset.y;
      if (Math.abs(k * offset.z + b - centre) * cosine < tubeRadius) hits++;
    }
  }
  return hits;
}

/** Fraction of tracks that hit at least two tubes. */
export function efficiency(
  tracks: { k: Float64Array; b: Float64Array },
  shifts: Shifts,
): number {
  const offsets = layerOffsets(shifts);
  let found = 0;
  for (let i = 0; i < tracks.k.length; i++) {
    if (countHitTubes(tracks.k[i] as number, tracks.b[i] as number, offsets) >= 2) found++;
  }
  return found / tracks.k.length;
}
