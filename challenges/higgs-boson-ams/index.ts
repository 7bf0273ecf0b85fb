import type { ChallengeData } from "../../lib/course/challenge-data";
import { defaultEventCount, generate, slug } from "./generate";
import { importHiggs } from "./import";

export const challengeData: ChallengeData = {
  slug,
  defaultSeed: 2014,
  defaultRows: defaultEventCount,
  importSource: "a HiggsML CSV (EventId, 30 features, Weight, Label) or a folder of them",
  generate,
  importFrom: importHiggs,
};
