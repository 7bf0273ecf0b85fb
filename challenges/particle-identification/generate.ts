import type { GenerateOptions } from "../../lib/course/challenge-data";
import { buildData, type DataSource } from "../../lib/course/data-folders";
import { createRandom } from "../../lib/course/random";
import { featureColumns, particleTypes, type ParticleType } from "./columns";
import { drawTrack } from "./tracks";
import { writePidData } from "./write-data";

export const slug = "particle-identification";
/** Demo size: labelled tracks, training and test together. */
export const defaultTrackCount = 12000;
/** Type shares of the demo sample, in `particleTypes` order: pions dominate as in LHCb. */
const typeShares = [0.08, 0.08, 0.08, 0.5, 0.16, 0.1];

export async function generate(options: GenerateOptions): Promise<DataSource> {
  const rows = options.rows ?? defaultTrackCount;
  const random = createRandom(options.seed);
  const labels: ParticleType[] = [];
  const values: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const type = particleTypes[random.pick(typeShares)] as ParticleType;
    const features = drawTrack(random, type);
    labels.push(type);
    values.push(featureColumns.map((name) => features[name]));
  }
  return buildData(options.bundleDir, async (build) => ({
    kind: "synthetic",
    slug,
    description: `Synthetic LHCb-like tracks of six particle types (seed ${options.seed})`,
    seed: options.seed,
    inputs: [],
    rows: await writePidData(build, { featureNames: featureColumns, labels, rows: values }, random),
  }));
}
