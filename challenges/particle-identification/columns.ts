/** Particle types in the submission's column order. */
export const particleTypes = ["Ghost", "Electron", "Muon", "Pion", "Kaon", "Proton"] as const;
export type ParticleType = (typeof particleTypes)[number];

/**
 * The features the demo generator writes, a subset of the course's
 * LHCb PID columns with the same names and meanings.
 */
export const featureColumns = [
  "TrackP",
  "TrackPt",
  "TrackQualityPerNDoF",
  "GhostProbability",
  "RICH_DLLbeElectron",
  "RICH_DLLbeMuon",
  "RICH_DLLbeKaon",
  "RICH_DLLbeProton",
  "RICH_DLLbeBCK",
  "EcalE",
  "HcalE",
  "EcalDLLbeElectron",
  "MuonFlag",
  "MuonLLbeMuon",
  "MuonLLbeBCK",
  "DLLelectron",
  "DLLmuon",
  "DLLkaon",
  "DLLproton",
] as const;

export const trainingFile = "training.csv";
export const testFile = "test.csv";
export const answerKeyFile = "answer-key.csv";
export const baselineFile = "baseline-submission.csv";

export const testFraction = 0.3;
export const publicFraction = 0.4;
