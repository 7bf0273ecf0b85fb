import type { Random } from "../../lib/course/random";
import { featureColumns, type ParticleType } from "./columns";

type Features = Record<(typeof featureColumns)[number], number>;

/** Masses in MeV (Particle Data Group 2024); a ghost has no particle. */
const massOf: Record<ParticleType, number> = {
  Ghost: 139.57,
  Electron: 0.511,
  Muon: 105.66,
  Pion: 139.57,
  Kaon: 493.68,
  Proton: 938.27,
};

/** Cherenkov threshold momentum in the RICH2 gas (CF4, n - 1 = 4.8e-4), MeV. */
function cherenkovThreshold(mass: number): number {
  return mass / Math.sqrt(2 * 4.8e-4);
}

/**
 * Draws one track's features. Momentum is log-normal around 10 GeV. The
 * RICH log-likelihood differences (relative to the pion hypothesis) favour
 * the true type once the track is above its Cherenkov threshold, and blur
 * towards zero below it. Electrons leave their energy in the ECAL (E/p
 * near 1) and hadrons in the HCAL. Muons reach the muon stations. Ghosts
 * (fake tracks) have a poor track fit, a high ghost probability and no
 * consistent response. The combined DLLs add RICH, calorimeter and muon
 * information, as LHCb's do.
 */
export function drawTrack(random: Random, type: ParticleType): Features {
  const p = Math.exp(random.normal(Math.log(10000), 0.8));
  const pt = p * random.between(0.03, 0.25);
  const ghost = type === "Ghost";
  const mass = massOf[type];
  const above = p > cherenkovThreshold(mass);
  // How clearly the RICH sees the type: fully above threshold, little below.
  let sharp = above ? 1 : 0.3;
  if (ghost) sharp = 0.2;
  const rich = (hypothesis: ParticleType, strength: number) => {
    let shift = -strength / 6;
    if (type === "Pion" || ghost) shift = -strength / 3;
    if (type === hypothesis) shift = strength;
    return sharp * shift + random.normal(0, 4);
  };

  const richElectron = rich("Electron", 12);
  const richMuon = rich("Muon", 5);
  const richKaon = rich("Kaon", 15) + (type === "Proton" ? 6 * sharp : 0);
  const richProton = rich("Proton", 15) + (type === "Kaon" ? 4 * sharp : 0);

  const ecalFraction = type === "Electron" ? random.normal(0.95, 0.08) : Math.abs(random.normal(0.1, 0.08));
  const hcalFraction =
    type === "Electron" || type === "Muon" ? Math.abs(random.normal(0.02, 0.02)) : Math.abs(random.normal(0.5, 0.2));
  const ecalDll = type === "Electron" ? random.normal(4, 2) : random.normal(-2, 2);
  const isMuon = type === "Muon" ? random.uniform() < 0.97 : random.uniform() < (ghost ? 0.05 : 0.02 + (type === "Pion" || type === "Kaon" ? 0.02 : 0));
  const muonLike = type === "Muon" ? random.normal(-0.5, 0.5) : random.normal(-3, 1.5);
  const muonBck = type === "Muon" ? random.normal(-4, 1.5) : random.normal(-0.3, 0.4);

  const r = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;
  return {
    TrackP: r(p, 2),
    TrackPt: r(pt, 2),
    TrackQualityPerNDoF: r(ghost ? 1.5 + random.exponential(1.2) : 0.6 + random.exponential(0.5)),
    GhostProbability: r(ghost ? 0.15 + 0.85 * random.uniform() ** 0.6 : 0.3 * random.uniform() ** 3),
    RICH_DLLbeElectron: r(richElectron),
    RICH_DLLbeMuon: r(richMuon),
    RICH_DLLbeKaon: r(richKaon),
    RICH_DLLbeProton: r(richProton),
    RICH_DLLbeBCK: r(ghost ? random.normal(8, 4) : random.normal(-2, 3)),
    EcalE: r(Math.max(0, ecalFraction * p * 0.8), 1),
    HcalE: r(Math.max(0, hcalFraction * p * 0.6), 1),
    EcalDLLbeElectron: r(ecalDll),
    MuonFlag: isMuon ? 1 : 0,
    MuonLLbeMuon: r(isMuon ? muonLike : -10),
    MuonLLbeBCK: r(isMuon ? muonBck : 0),
    DLLelectron: r(richElectron + ecalDll + (type === "Electron" ? 3 : 0)),
    DLLmuon: r(richMuon + (isMuon ? 2 * (muonLike - muonBck) : -5)),
    DLLkaon: r(richKaon + random.normal(0, 1)),
    DLLproton: r(richProton + random.normal(0, 1)),
  };
}
