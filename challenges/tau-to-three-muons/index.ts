import type { ChallengeData } from "../../lib/course/challenge-data";
import { defaultLabelledCount, generate, slug } from "./generate";
import { importFlavours } from "./import";

export const challengeData: ChallengeData = {
  slug,
  defaultSeed: 2015,
  defaultRows: defaultLabelledCount,
  importSource:
    "a folder with any of the Kaggle files training.csv, check_agreement.csv, check_correlation.csv (or .csv.gz)",
  generate,
  importFrom: importFlavours,
};
