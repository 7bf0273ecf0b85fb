/**
 * The 46 features of the Flavours of Physics files: every column of
 * check_correlation.csv except `id` and `mass`, which is also every
 * column of the Kaggle test.csv except `id`. Models receive them in this
 * order.
 */
export const featureColumns = [
  "LifeTime",
  "dira",
  "FlightDistance",
  "FlightDistanceError",
  "IP",
  "IPSig",
  "VertexChi2",
  "pt",
  "DOCAone",
  "DOCAtwo",
  "DOCAthree",
  "IP_p0p2",
  "IP_p1p2",
  "isolationa",
  "isolationb",
  "isolationc",
  "isolationd",
  "isolatione",
  "isolationf",
  "iso",
  "CDF1",
  "CDF2",
  "CDF3",
  "ISO_SumBDT",
  "p0_IsoBDT",
  "p1_IsoBDT",
  "p2_IsoBDT",
  "p0_track_Chi2Dof",
  "p1_track_Chi2Dof",
  "p2_track_Chi2Dof",
  "p0_IP",
  "p1_IP",
  "p2_IP",
  "p0_IPSig",
  "p1_IPSig",
  "p2_IPSig",
  "p0_pt",
  "p1_pt",
  "p2_pt",
  "p0_p",
  "p1_p",
  "p2_p",
  "p0_eta",
  "p1_eta",
  "p2_eta",
  "SPDhits",
] as const;

export type FeatureColumn = (typeof featureColumns)[number];
export type Features = Record<FeatureColumn, number>;

export const trainingFile = "training.csv";
export const testFile = "test.csv";
export const agreementFile = "check_agreement.csv";
export const correlationFile = "check_correlation.csv";
export const answerKeyFile = "answer-key.csv";
export const baselineFile = "baseline-submission.csv";

/** Roles of answer-key rows: the metric reads `test`, the checks the others. */
export type Role = "test" | "agreement" | "correlation";

/** Share of labelled events held out for the test part, and its public share. */
export const testFraction = 0.35;
export const publicFraction = 0.4;
