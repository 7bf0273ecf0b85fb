import type { Random } from "../../lib/course/random";
import type { Features } from "./columns";

/** tau and D_s masses, MeV (Particle Data Group 2024). */
export const tauMass = 1776.93;
export const dsMass = 1968.35;
/** The mass window of the search, MeV. */
export const massWindow = [1650, 1900] as const;

/**
 * Kind of a candidate. `signal` is simulated tau -> 3 mu; `background` is
 * real combinatorial background; `control-real` and `control-simulated`
 * are D_s -> phi(mu mu) pi decays from data (with an sWeight) and from
 * simulation, the agreement test's two samples.
 */
export type EventKind = "signal" | "background" | "control-real" | "control-simulated";

const simulated = (kind: EventKind) => kind === "signal" || kind === "control-simulated";

function isolationCount(random: Random, mean: number): number {
  return Math.floor(random.exponential(mean));
}

/**
 * Draws the 46 features of one three-track candidate of mass `mass`
 * (MeV). Heavy-flavour decays (signal and control) fly before decaying, so
 * they have a larger flight distance, a well-fitted vertex, dira closer to
 * 1 and isolated tracks. Combinatorial background has prompt tracks from
 * different vertices. Track momenta scale with the candidate mass, so a
 * classifier that leans on them correlates with mass. Simulation has
 * fewer SPD hits than data (as in LHCb's 2015 simulation) and slightly
 * narrower impact-parameter significances, which a classifier must not
 * learn: that is what the agreement check detects.
 */
export function drawFeatures(random: Random, kind: EventKind, mass: number): Features {
  const decay = kind !== "background";
  const scale = mass / tauMass;
  const lifetime = decay ? random.exponential(0.0009) + 0.0001 : random.exponential(0.0004) + 0.00005;
  const tracks = [0, 1, 2].map(() => {
    const pt = scale * (decay ? 500 + random.exponential(900) : 350 + random.exponential(650));
    const eta = random.between(2, 4.8);
    const ip = decay ? random.exponential(0.15) + 0.02 : random.exponential(0.08);
    const ipError = 0.015 + random.exponential(0.01);
    const ipSigScale = kind === "control-simulated" || kind === "signal" ? 0.93 : 1;
    return {
      pt,
      eta,
      p: pt * Math.cosh(eta),
      ip,
      ipSig: (ipSigScale * ip) / ipError,
      chi2: 0.5 + random.exponential(decay ? 0.5 : 0.7),
      isoBdt: -(decay ? random.exponential(0.25) : random.exponential(0.12)),
    };
  });
  tracks.sort((a, b) => b.pt - a.pt);
  const [t0, t1, t2] = tracks as [(typeof tracks)[number], (typeof tracks)[number], (typeof tracks)[number]];
  const totalP = t0.p + t1.p + t2.p;
  const flightDistance = (lifetime * totalP * 300) / mass;
  const flightError = 0.1 + random.exponential(0.3);
  const tauIp = decay ? random.exponential(0.03) : random.exponential(0.09);
  const tauIpError = 0.01 + random.exponential(0.01);
  const isoMean = decay ? 1 : 2.5;
  const isolation = Array.from({ length: 6 }, () => isolationCount(random, isoMean));
  const cdf = () => (decay ? 0.4 + 0.6 * random.uniform() ** 0.7 : 0.1 + 0.9 * random.uniform() ** 1.5);
  const spdMean = simulated(kind) ? 220 : 310;
  const r = (value: number) => Math.fround(value);
  return {
    LifeTime: r(lifetime),
    dira: r(1 - (decay ? random.exponential(0.00005) : random.exponential(0.0004))),
    FlightDistance: r(flightDistance),
    FlightDistanceError: r(flightError),
    IP: r(tauIp),
    IPSig: r(tauIp / tauIpError),
    VertexChi2: r(random.exponential(decay ? 2 : 5)),
    pt: r((t0.pt + t1.pt + t2.pt) * random.between(0.75, 0.98)),
    DOCAone: r(random.exponential(decay ? 0.02 : 0.05)),
    DOCAtwo: r(random.exponential(decay ? 0.02 : 0.05)),
    DOCAthree: r(random.exponential(decay ? 0.02 : 0.05)),
    IP_p0p2: r(random.exponential(decay ? 0.1 : 0.2)),
    IP_p1p2: r(random.exponential(decay ? 0.1 : 0.2)),
    isolationa: isolation[0] as number,
    isolationb: isolation[1] as number,
    isolationc: isolation[2] as number,
    isolationd: isolation[3] as number,
    isolatione: isolation[4] as number,
    isolationf: isolation[5] as number,
    iso: isolation.slice(3).reduce((total, count) => total + count, 0),
    CDF1: r(cdf()),
    CDF2: r(cdf()),
    CDF3: r(cdf()),
    ISO_SumBDT: r(t0.isoBdt + t1.isoBdt + t2.isoBdt),
    p0_IsoBDT: r(t0.isoBdt),
    p1_IsoBDT: r(t1.isoBdt),
    p2_IsoBDT: r(t2.isoBdt),
    p0_track_Chi2Dof: r(t0.chi2),
    p1_track_Chi2Dof: r(t1.chi2),
    p2_track_Chi2Dof: r(t2.chi2),
    p0_IP: r(t0.ip),
    p1_IP: r(t1.ip),
    p2_IP: r(t2.ip),
    p0_IPSig: r(t0.ipSig),
    p1_IPSig: r(t1.ipSig),
    p2_IPSig: r(t2.ipSig),
    p0_pt: r(t0.pt),
    p1_pt: r(t1.pt),
    p2_pt: r(t2.pt),
    p0_p: r(t0.p),
    p1_p: r(t1.p),
    p2_p: r(t2.p),
    p0_eta: r(t0.eta),
    p1_eta: r(t1.eta),
    p2_eta: r(t2.eta),
    SPDhits: Math.max(10, Math.round(spdMean * Math.exp(random.normal(0, 0.45)))),
  };
}

/** Draws a mass for an event of this kind, MeV. */
export function drawMass(random: Random, kind: EventKind): number {
  if (kind === "signal") return Math.fround(random.normal(tauMass, 8));
  if (kind === "background") return Math.fround(random.between(massWindow[0], massWindow[1]));
  return Math.fround(random.normal(dsMass, 9));
}

/**
 * Draws an sWeight for a control-channel candidate from data. sWeights
 * come from a mass fit, so most are near 1 and candidates in the
 * background region get negative ones.
 */
export function drawSWeight(random: Random): number {
  return random.uniform() < 0.12 ? -random.between(0.05, 0.6) : random.between(0.6, 1.25);
}
