import type { ChallengeData } from "../../lib/course/challenge-data";
import { defaultEventCount, generate, slug } from "./generate";
import { importZmumu } from "./import";

export const challengeData: ChallengeData = {
  slug,
  defaultSeed: 1,
  defaultRows: defaultEventCount,
  importSource: "the course's Zmumu.csv, or a folder that contains it",
  generate,
  importFrom: importZmumu,
};
