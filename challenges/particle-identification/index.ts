import type { ChallengeData } from "../../lib/course/challenge-data";
import { defaultTrackCount, generate, slug } from "./generate";
import { importPid } from "./import";

export const challengeData: ChallengeData = {
  slug,
  defaultSeed: 2,
  defaultRows: defaultTrackCount,
  importSource: "the course's labelled training.csv (a Label column and numeric features), or its folder",
  generate,
  importFrom: importPid,
};
