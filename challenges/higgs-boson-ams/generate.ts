import type { GenerateOptions } from "../../lib/course/challenge-data";
import { buildData, type DataSource } from "../../lib/course/data-folders";
import { createRandom } from "../../lib/course/random";
import { testFraction } from "./columns";
import { drawHiggsEvent } from "./events";
import { writeHiggsData, type LabelledEvent } from "./write-data";

export const slug = "higgs-boson-ams";
/** Demo size of the whole sample (train and test), as the real one. */
export const defaultEventCount = 10000;
const signalShare = 0.5;

/**
 * Generates a demo sample of `rows` events (signal share one half, as in
 * the course's sample), then splits it like the real data. `rows` counts
 * the whole sample, so the test part has about half of it.
 */
export async function generate(options: GenerateOptions): Promise<DataSource> {
  const rows = options.rows ?? defaultEventCount;
  const random = createRandom(options.seed);
  const events: LabelledEvent[] = [];
  for (let i = 0; i < rows; i++) {
    const { label, weight, ...features } = drawHiggsEvent(random, random.uniform() < signalShare);
    events.push({ eventId: 100000 + i, features, label, weight });
  }
  return buildData(options.bundleDir, async (build) => ({
    kind: "synthetic",
    slug,
    description: `Synthetic H -> tau tau and background events (seed ${options.seed}), HiggsML columns; test share ${testFraction}`,
    seed: options.seed,
    inputs: [],
    rows: await writeHiggsData(build, events, random),
  }));
}
