/** The 30 feature columns of the HiggsML data, in the files' order. */
export const featureColumns = [
  "DER_mass_MMC",
  "DER_mass_transverse_met_lep",
  "DER_mass_vis",
  "DER_pt_h",
  "DER_deltaeta_jet_jet",
  "DER_mass_jet_jet",
  "DER_prodeta_jet_jet",
  "DER_deltar_tau_lep",
  "DER_pt_tot",
  "DER_sum_pt",
  "DER_pt_ratio_lep_tau",
  "DER_met_phi_centrality",
  "DER_lep_eta_centrality",
  "PRI_tau_pt",
  "PRI_tau_eta",
  "PRI_tau_phi",
  "PRI_lep_pt",
  "PRI_lep_eta",
  "PRI_lep_phi",
  "PRI_met",
  "PRI_met_phi",
  "PRI_met_sumet",
  "PRI_jet_num",
  "PRI_jet_leading_pt",
  "PRI_jet_leading_eta",
  "PRI_jet_leading_phi",
  "PRI_jet_subleading_pt",
  "PRI_jet_subleading_eta",
  "PRI_jet_subleading_phi",
  "PRI_jet_all_pt",
] as const;

export type FeatureColumn = (typeof featureColumns)[number];

/** HiggsML's marker of a feature that is undefined for the event. */
export const undefinedValue = -999;

export const trainFile = "train.csv";
export const testFile = "test.csv";
export const answerKeyFile = "answer-key.csv";
export const baselineFile = "baseline-submission.csv";

/** Share of events in the test part, and of test events on the public board. */
export const testFraction = 0.5;
export const publicFraction = 0.3;
