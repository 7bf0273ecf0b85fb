/**
 * Kinematics shared by the generators. Units: GeV for energies and momenta
 * (MeV where a challenge's files use MeV), radians for angles.
 */

/** A four-momentum (E, px, py, pz). */
export interface FourVector {
  e: number;
  px: number;
  py: number;
  pz: number;
}

/**
 * Invariant mass of two massless particles from their transverse momenta,
 * pseudorapidities and azimuths: M = sqrt(2 pt1 pt2 (cosh(eta1 - eta2) -
 * cos(phi1 - phi2))). Exact for massless particles, and good to 1e-5
 * relative for muons at the Z mass.
 */
export function masslessPairMass(
  pt1: number,
  eta1: number,
  phi1: number,
  pt2: number,
  eta2: number,
  phi2: number,
): number {
  return Math.sqrt(
    2 * pt1 * pt2 * (Math.cosh(eta1 - eta2) - Math.cos(phi1 - phi2)),
  );
}

/** Boosts `p` by the velocity of a particle with four-momentum `frame`. */
export function boost(p: FourVector, frame: FourVector): FourVector {
  const bx = frame.px / frame.e;
  const by = frame.py / frame.e;
  const bz = frame.pz / frame.e;
  const beta2 = bx * bx + by * by + bz * bz;
  if (beta2 === 0) return { ...p };
  const gamma = 1 / Math.sqrt(1 - beta2);
  const bp = bx * p.px + by * p.py + bz * p.pz;
  const factor = ((gamma - 1) * bp) / beta2 + gamma * p.e;
  return {
    e: gamma * (p.e + bp),
    px: p.px + factor * bx,
    py: p.py + factor * by,
    pz: p.pz + factor * bz,
  };
}

/** Transverse momentum, pseudorapidity and azimuth of a momentum. */
export function ptEtaPhi(p: FourVector): { pt: number; eta: number; phi: number } {
  const pt = Math.hypot(p.px, p.py);
  return { pt, eta: Math.asinh(p.pz / pt), phi: Math.atan2(p.py, p.px) };
}

/**
 * Computes the two daughters of a decay to two massless particles: a parent of mass
 * `mass` with transverse momentum `pt`, rapidity `rapidity` and azimuth
 * `phi`, decaying isotropically in its rest frame with direction
 * (cosTheta, azimuth) for the first daughter.
 */
export function decayToMasslessPair(
  mass: number,
  pt: number,
  rapidity: number,
  phi: number,
  cosTheta: number,
  azimuth: number,
): [FourVector, FourVector] {
  const mt = Math.hypot(mass, pt);
  const parent: FourVector = {
    e: mt * Math.cosh(rapidity),
    px: pt * Math.cos(phi),
    py: pt * Math.sin(phi),
    pz: mt * Math.sinh(rapidity),
  };
  const half = mass / 2;
  const sinTheta = Math.sqrt(Math.max(0, 1 - cosTheta * cosTheta));
  const dx = half * sinTheta * Math.cos(azimuth);
  const dy = half * sinTheta * Math.sin(azimuth);
  const dz = half * cosTheta;
  return [
    boost({ e: half, px: dx, py: dy, pz: dz }, parent),
    boost({ e: half, px: -dx, py: -dy, pz: -dz }, parent),
  ];
}

/** Rounds to a fixed number of decimals, as the course's files store them. */
export function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
