import { challengeData as emShowers } from "../../challenges/em-showers/index";
import { challengeData as higgsBosonAms } from "../../challenges/higgs-boson-ams/index";
import { challengeData as particleIdentification } from "../../challenges/particle-identification/index";
import { challengeData as tauToThreeMuons } from "../../challenges/tau-to-three-muons/index";
import { challengeData as trackerGeometry } from "../../challenges/tracker-geometry/index";
import { challengeData as zBosonPeak } from "../../challenges/z-boson-peak/index";
import type { ChallengeData } from "./challenge-data";

/**
 * The data generators and importers of the course's challenges, by slug.
 * A bundle folder whose slug is not here has no generator: its data must
 * be put in place by hand.
 */
const registry: ReadonlyMap<string, ChallengeData> = new Map(
  [
    emShowers,
    higgsBosonAms,
    particleIdentification,
    tauToThreeMuons,
    trackerGeometry,
    zBosonPeak,
  ].map((data) => [data.slug, data]),
);

export function getChallengeData(slug: string): ChallengeData | undefined {
  return registry.get(slug);
}

export function listChallengeData(): ChallengeData[] {
  return [...registry.values()];
}
