import type { ChallengeData } from "../../lib/course/challenge-data";
import { defaultTrackCount, generate, importTracks, slug } from "./generate";

export const challengeData: ChallengeData = {
  slug,
  defaultSeed: 42,
  defaultRows: defaultTrackCount,
  importSource: "a CSV of tracks with columns k and b, or a folder with tracks_seed42_n1000.csv",
  generate,
  importFrom: importTracks,
};
