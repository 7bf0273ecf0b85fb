import type { Random } from "../../lib/course/random";

/** Feature columns of a basetrack, in the files' order. */
export const featureColumns = ["X", "Y", "Z", "TX", "TY", "chi2"] as const;

/** An emulsion brick: 12.5 cm x 10 cm across, 57 films 1293 um apart (OPERA-like). */
const brickX = 125000;
const brickY = 100000;
const filmPitch = 1293;
const films = 57;

export interface Basetrack {
  X: number;
  Y: number;
  Z: number;
  TX: number;
  TY: number;
  chi2: number;
  signal: 0 | 1;
}

/** A shower: its origin (um) and axis slopes. */
interface Shower {
  x: number;
  y: number;
  film: number;
  tx: number;
  ty: number;
}

/**
 * Draws basetracks brick by brick. Each brick contains one electromagnetic
 * shower. An electron starts it at a random point in the front third of
 * the brick, it develops along an axis close to the beam direction, and
 * its basetracks spread laterally and in angle as the shower deepens. The
 * rest are background basetracks (cosmic rays and other tracks) spread
 * uniformly over the brick with wide angles. A basetrack is a short
 * straight segment measured in one emulsion film: position X, Y, Z in um,
 * slopes TX = dx/dz and TY = dy/dz, and the fit chi2.
 */
export class ShowerSource {
  private shower: Shower | undefined;
  private left = 0;

  constructor(
    private readonly random: Random,
    private readonly tracksPerBrick: number,
    private readonly signalShare: number,
  ) {}

  /** Brick number of the last basetrack drawn, from 0. */
  brick = -1;

  private startBrick(): void {
    const random = this.random;
    this.brick++;
    this.left = this.tracksPerBrick;
    this.shower = {
      x: random.between(0.2, 0.8) * brickX,
      y: random.between(0.2, 0.8) * brickY,
      film: random.integer(Math.floor(films / 3)),
      tx: random.normal(0, 0.12),
      ty: random.normal(0, 0.12),
    };
  }

  /** Makes the next basetrack start a new brick. */
  closeBrick(): void {
    this.left = 0;
  }

  next(): Basetrack {
    if (this.left === 0) this.startBrick();
    this.left--;
    const random = this.random;
    const shower = this.shower as Shower;
    const r = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
    if (random.uniform() < this.signalShare) {
      const film = shower.film + Math.min(films - 1 - shower.film, Math.floor(random.exponential(8)));
      const depth = (film - shower.film) * filmPitch;
      const spread = 150 + 0.04 * depth;
      const angleSpread = 0.02 + depth * 1.5e-6;
      return {
        X: r(shower.x + shower.tx * depth + random.normal(0, spread), 1),
        Y: r(shower.y + shower.ty * depth + random.normal(0, spread), 1),
        Z: film * filmPitch,
        TX: r(shower.tx + random.normal(0, angleSpread), 5),
        TY: r(shower.ty + random.normal(0, angleSpread), 5),
        chi2: r(0.3 + random.exponential(0.6), 3),
        signal: 1,
      };
    }
    return {
      X: r(random.uniform() * brickX, 1),
      Y: r(random.uniform() * brickY, 1),
      Z: random.integer(films) * filmPitch,
      TX: r(random.normal(0, 0.4), 5),
      TY: r(random.normal(0, 0.4), 5),
      chi2: r(0.3 + random.exponential(0.8), 3),
      signal: 0,
    };
  }
}

/**
 * Computes the baseline score exp(-(TX^2 + TY^2) / 0.05). Showers run
 * close to the beam direction and background tracks do not, so the score
 * falls with the track's angle to the beam.
 */
export function baselineScore(track: { TX: number; TY: number }): number {
  return Math.exp(-(track.TX * track.TX + track.TY * track.TY) / 0.05);
}
