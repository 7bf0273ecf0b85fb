import { masslessPairMass, decayToMasslessPair, ptEtaPhi, roundTo } from "../../lib/course/physics";
import type { Random } from "../../lib/course/random";
import { undefinedValue, type FeatureColumn } from "./columns";

export type HiggsEvent = Record<FeatureColumn, number> & { label: "s" | "b"; weight: number };

interface Jet {
  pt: number;
  eta: number;
  phi: number;
}

const wrap = (angle: number) => Math.atan2(Math.sin(angle), Math.cos(angle));

/**
 * Draws one H -> tau tau (label s) or background (label b) event in the
 * lepton + hadronic tau channel. The visible pair comes from a parent of
 * mass `m` (125 GeV Higgs, 91.2 GeV Z -> tau tau, or a falling continuum
 * for W + jets and top) whose visible share of the mass is 45-80 %; the
 * missing transverse energy, jets and derived features follow the
 * HiggsML document's definitions. Weights are of the HiggsML order:
 * signal about 0.002, background about 1.
 */
export function drawHiggsEvent(random: Random, signal: boolean): HiggsEvent {
  const kind = signal ? "higgs" : random.uniform() < 0.45 ? "z" : "continuum";
  let mass = 60 + random.exponential(60);
  if (kind === "higgs") mass = 125;
  if (kind === "z") mass = 91.19;
  let tau: Jet;
  let lep: Jet;
  for (;;) {
    const visible = mass * random.between(0.45, 0.8);
    const [a, b] = decayToMasslessPair(
      visible,
      random.exponential(signal ? 35 : 22),
      random.normal(0, 1.1),
      random.between(-Math.PI, Math.PI),
      random.between(-1, 1),
      random.between(-Math.PI, Math.PI),
    );
    tau = ptEtaPhi(a);
    lep = ptEtaPhi(b);
    if (tau.pt > 20 && lep.pt > 20 && Math.abs(tau.eta) < 2.5 && Math.abs(lep.eta) < 2.4) break;
  }
  const met = random.exponential(kind === "continuum" ? 40 : 25);
  const metPhi = random.between(-Math.PI, Math.PI);
  const jetNum = random.pick(signal ? [0.3, 0.35, 0.22, 0.13] : [0.5, 0.3, 0.13, 0.07]);
  const jets: Jet[] = [];
  for (let j = 0; j < jetNum; j++) {
    jets.push({
      pt: 30 + random.exponential(j === 0 ? 45 : 20),
      eta: random.normal(0, signal ? 2.2 : 1.6),
      phi: random.between(-Math.PI, Math.PI),
    });
  }
  jets.sort((x, y) => y.pt - x.pt);
  const [leading, subleading] = jets;
  const jetAllPt = jets.reduce((total, jet) => total + jet.pt, 0);

  const vector = (list: Jet[]) => ({
    px: list.reduce((total, item) => total + item.pt * Math.cos(item.phi), 0),
    py: list.reduce((total, item) => total + item.pt * Math.sin(item.phi), 0),
  });
  const metVector = { pt: met, eta: 0, phi: metPhi };
  const higgsPt = vector([tau, lep, metVector]);
  const total = vector([tau, lep, metVector, ...jets]);
  const mmcFails = random.uniform() < (kind === "continuum" ? 0.3 : 0.1);

  // Centrality of the MET azimuth between the lepton and the tau.
  const sideSign = Math.sign(Math.sin(tau.phi - lep.phi)) || 1;
  const a = Math.sin(metPhi - lep.phi) * sideSign;
  const b = Math.sin(tau.phi - metPhi) * sideSign;
  const metCentrality = (a + b) / Math.sqrt(a * a + b * b || 1);
  const two = leading !== undefined && subleading !== undefined;
  const lepCentrality = two
    ? Math.exp(
        (-4 / (leading.eta - subleading.eta) ** 2) * (lep.eta - (leading.eta + subleading.eta) / 2) ** 2,
      )
    : undefinedValue;

  const r3 = (value: number) => (value === undefinedValue ? value : roundTo(value, 3));
  return {
    DER_mass_MMC: mmcFails ? undefinedValue : r3(mass * (1 + random.normal(0, 0.12))),
    DER_mass_transverse_met_lep: r3(Math.sqrt(2 * lep.pt * met * (1 - Math.cos(lep.phi - metPhi)))),
    DER_mass_vis: r3(masslessPairMass(tau.pt, tau.eta, tau.phi, lep.pt, lep.eta, lep.phi)),
    DER_pt_h: r3(Math.hypot(higgsPt.px, higgsPt.py)),
    DER_deltaeta_jet_jet: two ? r3(Math.abs(leading.eta - subleading.eta)) : undefinedValue,
    DER_mass_jet_jet: two
      ? r3(masslessPairMass(leading.pt, leading.eta, leading.phi, subleading.pt, subleading.eta, subleading.phi))
      : undefinedValue,
    DER_prodeta_jet_jet: two ? r3(leading.eta * subleading.eta) : undefinedValue,
    DER_deltar_tau_lep: r3(Math.hypot(tau.eta - lep.eta, wrap(tau.phi - lep.phi))),
    DER_pt_tot: r3(Math.hypot(total.px, total.py)),
    DER_sum_pt: r3(tau.pt + lep.pt + jetAllPt),
    DER_pt_ratio_lep_tau: r3(lep.pt / tau.pt),
    DER_met_phi_centrality: r3(metCentrality),
    DER_lep_eta_centrality: r3(lepCentrality),
    PRI_tau_pt: r3(tau.pt),
    PRI_tau_eta: r3(tau.eta),
    PRI_tau_phi: r3(tau.phi),
    PRI_lep_pt: r3(lep.pt),
    PRI_lep_eta: r3(lep.eta),
    PRI_lep_phi: r3(lep.phi),
    PRI_met: r3(met),
    PRI_met_phi: r3(metPhi),
    PRI_met_sumet: r3(tau.pt + lep.pt + jetAllPt + 100 + random.exponential(80)),
    PRI_jet_num: jetNum,
    PRI_jet_leading_pt: leading ? r3(leading.pt) : undefinedValue,
    PRI_jet_leading_eta: leading ? r3(leading.eta) : undefinedValue,
    PRI_jet_leading_phi: leading ? r3(leading.phi) : undefinedValue,
    PRI_jet_subleading_pt: subleading ? r3(subleading.pt) : undefinedValue,
    PRI_jet_subleading_eta: subleading ? r3(subleading.eta) : undefinedValue,
    PRI_jet_subleading_phi: subleading ? r3(subleading.phi) : undefinedValue,
    PRI_jet_all_pt: r3(jetAllPt),
    label: signal ? "s" : "b",
    weight: signal ? roundTo(0.0016 * random.between(0.6, 1.4), 8) : roundTo(random.between(0.2, 2.5), 6),
  };
}
