import type { ChallengeData } from "../../lib/course/challenge-data";
import { defaultTestCount, generate, slug } from "./generate";
import { importShowers } from "./import";

export const challengeData: ChallengeData = {
  slug,
  defaultSeed: 4,
  defaultRows: defaultTestCount,
  importSource: "a CSV (or .csv.gz) of labelled basetracks: data_ind, X, Y, Z, TX, TY, chi2, signal",
  generate,
  importFrom: importShowers,
};
