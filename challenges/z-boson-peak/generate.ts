import path from "node:path";

import type { GenerateOptions } from "../../lib/course/challenge-data";
import { buildData, type DataSource } from "../../lib/course/data-folders";
import { CsvWriter, type CsvCell } from "../../lib/course/csv-writer";
import { decayToMasslessPair, ptEtaPhi, roundTo } from "../../lib/course/physics";
import { createRandom, type Random } from "../../lib/course/random";
import { writeBaseline } from "./baseline";
import { eventColumns, eventsFile, readDimuonEvents } from "./events";

export const slug = "z-boson-peak";
/** Demo size: as many events as the course's Zmumu.csv. */
export const defaultEventCount = 10000;

/** Z boson mass and width (GeV), LEP's measurements. */
const zMass = 91.1876;
const zWidth = 2.4952;
/** The mass window of the course's sample, GeV. */
const massWindow = [60, 120] as const;
/** Muon acceptance: pt above 3 GeV and |eta| below 2.4, as in the sample. */
const minPt = 3;
const maxEta = 2.4;

/** Draws a Breit-Wigner (Cauchy) mass around the Z pole. */
function drawZMass(random: Random): number {
  return zMass + (zWidth / 2) * Math.tan(Math.PI * (random.uniform() - 0.5));
}

/** Draws a continuum (Drell-Yan-like) mass, falling with slope 1/25 GeV. */
function drawContinuumMass(random: Random): number {
  const [low, high] = massWindow;
  const span = 1 - Math.exp(-(high - low) / 25);
  return low - 25 * Math.log(1 - random.uniform() * span);
}

interface Muon {
  pt: number;
  eta: number;
  phi: number;
}

/**
 * Draws one dimuon in the acceptance: the pair's mass, then its
 * transverse momentum (exponential, mean 8 GeV), rapidity (normal, sd 1.2)
 * and an isotropic decay. Each muon's pt is smeared by 1.5 %. The draw is
 * repeated until both muons are inside the acceptance and the smeared mass
 * inside the window.
 */
function drawPair(random: Random, drawMass: () => number): [Muon, Muon] {
  for (;;) {
    const mass = drawMass();
    if (mass < massWindow[0] || mass > massWindow[1]) continue;
    const [first, second] = decayToMasslessPair(
      mass,
      random.exponential(8),
      random.normal(0, 1.2),
      random.between(-Math.PI, Math.PI),
      random.between(-1, 1),
      random.between(-Math.PI, Math.PI),
    );
    const muons = [ptEtaPhi(first), ptEtaPhi(second)].map((muon) => ({
      ...muon,
      pt: muon.pt * (1 + random.normal(0, 0.015)),
    }));
    const [a, b] = muons as [Muon, Muon];
    if (a.pt < minPt || b.pt < minPt) continue;
    if (Math.abs(a.eta) > maxEta || Math.abs(b.eta) > maxEta) continue;
    const smeared = Math.sqrt(2 * a.pt * b.pt * (Math.cosh(a.eta - b.eta) - Math.cos(a.phi - b.phi)));
    if (smeared < massWindow[0] || smeared > massWindow[1]) continue;
    return [a, b];
  }
}

/** Isolation: mostly small (isolated muons), 5 % non-isolated. */
function drawIsolation(random: Random): number {
  if (random.uniform() < 0.05) return 3 + random.exponential(5);
  return random.uniform() < 0.5 ? 0 : random.exponential(0.6);
}

/** Transverse impact parameter (cm): prompt, 1 % displaced. */
function drawDxy(random: Random): number {
  if (random.uniform() < 0.01) return (random.uniform() < 0.5 ? -1 : 1) * random.between(0.2, 0.6);
  return random.normal(0, 0.04);
}

/**
 * Writes the events: 85 % Z decays and the rest continuum. Of all events,
 * 3.5 % have same-sign charges (fake pairs, continuum mass).
 */
async function writeEvents(file: string, rows: number, random: Random): Promise<void> {
  const writer = new CsvWriter(file, eventColumns);
  let eventNumber = 70000000;
  for (let i = 0; i < rows; i++) {
    const sameSign = random.uniform() < 0.035;
    const isZ = !sameSign && random.uniform() < 0.85;
    const [a, b] = drawPair(random, () => (isZ ? drawZMass(random) : drawContinuumMass(random)));
    const q1 = random.uniform() < 0.5 ? -1 : 1;
    const q2 = sameSign ? q1 : -q1;
    eventNumber += 1 + random.integer(40000);
    const muon = (m: Muon, charge: number): CsvCell[] => [
      roundTo(m.pt, 4),
      roundTo(m.eta, 4),
      roundTo(m.phi, 4),
      charge,
      roundTo(drawDxy(random), 4),
      roundTo(drawIsolation(random), 4),
    ];
    await writer.writeRow([165617 + Math.floor(i / 2500), eventNumber, ...muon(a, q1), ...muon(b, q2)]);
  }
  await writer.close();
}

export async function generate(options: GenerateOptions): Promise<DataSource> {
  const rows = options.rows ?? defaultEventCount;
  return buildData(options.bundleDir, async (build) => {
    const file = path.join(build.publicDir, eventsFile);
    await writeEvents(file, rows, createRandom(options.seed));
    await writeBaseline(build, await readDimuonEvents(file));
    return {
      kind: "synthetic",
      slug,
      description: `Synthetic dimuon events (seed ${options.seed}): Z decays on a falling continuum, CMS-like acceptance`,
      seed: options.seed,
      inputs: [],
      rows: { [eventsFile]: rows },
    };
  });
}

