// Writes the data the Python reference scripts read: each bundle's demo
// data with its default seed, and the real data imported where the files
// exist. For the challenges without real files here, the demo training
// file (which has the course's layout) is imported as a stand-in.
// Usage: npx tsx tests/reference/challenges/build-data.ts OUT_DIR
import path from "node:path";

import { getChallengeData, listChallengeData } from "../../../lib/course/registry";

const realSources: Record<string, string> = {
  "z-boson-peak": "week1_zmumu/Zmumu.csv",
  "tracker-geometry": "week5_tracker/tracks_seed42_n1000.csv",
  "higgs-boson-ams": "higgsml",
  "tau-to-three-muons": "week3_tau3mu",
};

const out = process.argv[2];
if (!out) {
  console.error("usage: build-data.ts OUT_DIR");
  process.exit(2);
}
const shared = path.resolve(import.meta.dirname, "../../../../shared/data");
for (const data of listChallengeData()) {
  await data.generate({ bundleDir: path.join(out, "demo", data.slug), seed: data.defaultSeed });
  const real = realSources[data.slug];
  if (real) {
    await getChallengeData(data.slug)!.importFrom({
      bundleDir: path.join(out, "real", data.slug),
      from: path.join(shared, real),
      seed: data.defaultSeed,
    });
  }
  if (data.slug === "particle-identification" || data.slug === "em-showers") {
    await data.importFrom({
      bundleDir: path.join(out, "course-format", data.slug),
      from: path.join(out, "demo", data.slug, "public", "training.csv"),
      seed: data.defaultSeed,
    });
  }
  console.log(`${data.slug}: done`);
}
