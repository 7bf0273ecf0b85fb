import type { GenerateOptions } from "../../lib/course/challenge-data";
import { buildData, type DataSource } from "../../lib/course/data-folders";
import { createRandom, type Random } from "../../lib/course/random";
import { drawFeatures, drawMass, drawSWeight, type EventKind } from "./events";
import { freshIds, writeTauData, type TauEvent, type TauSamples } from "./write-data";

export const slug = "tau-to-three-muons";
/** Demo size: labelled events (training and test together). */
export const defaultLabelledCount = 6000;

function drawEvent(random: Random, kind: EventKind): Omit<TauEvent, "id"> {
  const mass = drawMass(random, kind);
  const weight = kind === "control-real" ? drawSWeight(random) : 1;
  const signal = kind === "signal" || kind === "control-simulated" ? 1 : 0;
  return { features: drawFeatures(random, kind, mass), mass, signal, weight };
}

/** Draws the three samples of the given sizes, without ids. */
export function drawSamples(
  random: Random,
  sizes: { labelled: number; agreement: number; correlation: number },
): Record<keyof TauSamples, Omit<TauEvent, "id">[]> {
  const labelled = Array.from({ length: sizes.labelled }, () =>
    drawEvent(random, random.uniform() < 0.4 ? "signal" : "background"),
  );
  const agreement = Array.from({ length: sizes.agreement }, () =>
    drawEvent(random, random.uniform() < 0.5 ? "control-real" : "control-simulated"),
  );
  const correlation = Array.from({ length: sizes.correlation }, () => drawEvent(random, "background"));
  return { labelled, agreement, correlation };
}

/** Gives drawn events ids that avoid `taken`. */
export function withIds(random: Random, events: Omit<TauEvent, "id">[], taken: ReadonlySet<number>): TauEvent[] {
  const ids = freshIds(random, events.length, taken);
  return events.map((event, i) => ({ ...event, id: ids[i] as number }));
}

/**
 * Generates the demo data: `rows` labelled events (40 % simulated signal)
 * split into training and test. The agreement check gets a control-channel
 * sample of a third of that size, and the correlation check a background
 * sample of a quarter.
 */
export async function generate(options: GenerateOptions): Promise<DataSource> {
  const rows = options.rows ?? defaultLabelledCount;
  const random = createRandom(options.seed);
  const drawn = drawSamples(random, {
    labelled: rows,
    agreement: Math.max(400, Math.round(rows / 3)),
    correlation: Math.max(400, Math.round(rows / 4)),
  });
  const all = withIds(random, [...drawn.labelled, ...drawn.agreement, ...drawn.correlation], new Set());
  const samples: TauSamples = {
    labelled: all.slice(0, drawn.labelled.length),
    agreement: all.slice(drawn.labelled.length, drawn.labelled.length + drawn.agreement.length),
    correlation: all.slice(drawn.labelled.length + drawn.agreement.length),
  };
  return buildData(options.bundleDir, async (build) => ({
    kind: "synthetic",
    slug,
    description: `Synthetic tau -> 3 mu candidates, D_s control channel and background (seed ${options.seed})`,
    seed: options.seed,
    inputs: [],
    rows: await writeTauData(build, samples, random),
  }));
}
