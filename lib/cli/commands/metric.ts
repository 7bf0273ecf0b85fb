import { parseArgs } from "node:util";

import { z } from "zod";

import {
  computeMetric,
  getMetric,
  isMetricId,
  metricIds,
  MetricInputError,
  type MetricInput,
} from "../../../scorers/index";

export const summary = "Compute one metric on JSON columns from stdin";

const help = `Usage: arena metric <id> [--params '<json>'] < input.json

Reads a JSON object of columns from standard input, computes the metric and
prints {"value": <number>}.

Metrics and the input fields they read ([...] is optional):
  roc_auc            labels (0/1), scores, [weights]
  truncated_roc_auc  labels (0/1), scores, [weights]
                     params: tpr_thresholds (default [0.2,0.4,0.6,0.8]),
                     roc_weights (default [4,3,2,1,0])
  ks_agreement       labels (0 real, 1 simulated), scores, weights
                     params: negative_weights "keep" (default) or
                     "move_to_simulation"
  cvm_correlation    scores, mass
                     params: variant "windowed" (default) or "binned",
                     window (events, default 200), step (events, default
                     50), bins (binned only, default 10, at most 100)
  ams                labels (1 signal, 0 background), scores (1 selected,
                     0 not), weights
                     params: b_r (default 10)
  significance       labels, scores and weights as for ams
                     params: variant "s_over_sqrt_b" (default) or
                     "s_over_sqrt_s_plus_b"
  log_loss           labels (class index 0..k-1), probabilities (n rows of
                     k values in [0, 1]), [weights], [classes]
                     params: eps (clipping bound, default 1e-15)

Every column is a JSON array of numbers with one entry per row.
probabilities is an array of rows, and classes is k or an array of k class
names (default: the row length).

Options:
  --params <json>   the metric's parameters as a JSON object (default {})
  -h, --help        show this help

Exit status: 0 computed, 2 invalid input, parameters or metric id, 1 any
other failure.

Example:
  echo '{"labels":[0,0,1,1],"scores":[0.1,0.4,0.35,0.8]}' \\
    | npx arena metric roc_auc
  {"value":0.75}`;

const columnSchema = z.array(z.number());

const inputSchema = z
  .object({
    labels: columnSchema.optional(),
    scores: columnSchema.optional(),
    weights: columnSchema.optional(),
    mass: columnSchema.optional(),
    probabilities: z.array(columnSchema).optional(),
    classes: z
      .union([z.number().int().min(2), z.array(z.unknown()).min(2)])
      .optional(),
  })
  .strict();

type InputJson = z.infer<typeof inputSchema>;

/** Invalid command-line input, reported with exit status 2. */
class InputError extends Error {}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${source} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new InputError(
      "no input: pipe a JSON object of columns to standard input, e.g. " +
        "`arena metric roc_auc < input.json`.",
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Flattens probability rows and works out the class count. */
function readProbabilities(
  rows: number[][],
  classes: InputJson["classes"],
): { probabilities: Float64Array; classes: number } {
  const declared = Array.isArray(classes) ? classes.length : classes;
  const width = declared ?? rows[0]?.length ?? 0;
  const probabilities = new Float64Array(rows.length * width);
  rows.forEach((row, i) => {
    if (row.length !== width) {
      throw new InputError(
        `probabilities[${i}] has ${row.length} values, but ` +
          `${declared === undefined ? "row 0 has" : "classes gives"} ` +
          `${width}; every row needs one probability per class.`,
      );
    }
    probabilities.set(row, i * width);
  });
  return { probabilities, classes: width };
}

/** Checks the JSON input and converts it to the metric's columns. */
export function toMetricInput(id: string, json: unknown): MetricInput {
  const parsed = inputSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(`invalid input: ${formatIssues(parsed.error)}`);
  }
  const data = parsed.data;
  const metric = getMetric(id);
  const readable = new Set<string>([...metric.requires, ...metric.optional]);
  for (const field of Object.keys(data)) {
    if (!readable.has(field)) {
      throw new InputError(
        `${id} does not read "${field}"; it reads ` +
          `${[...readable].join(", ")}. Remove the field.`,
      );
    }
  }

  const input: MetricInput = {
    labels: data.labels,
    scores: data.scores,
    weights: data.weights,
    mass: data.mass,
  };
  if (data.probabilities) {
    Object.assign(input, readProbabilities(data.probabilities, data.classes));
  } else if (data.classes !== undefined) {
    input.classes = Array.isArray(data.classes)
      ? data.classes.length
      : data.classes;
  }
  return input;
}

export async function run(args: string[]): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        params: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    console.error(`arena metric: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.help) {
    console.log(help);
    return 0;
  }
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) {
    console.error(`arena metric: expected one metric id\n\n${help}`);
    return 2;
  }
  if (!isMetricId(id)) {
    console.error(
      `arena metric: unknown metric "${id}". Known metrics: ` +
        `${metricIds.join(", ")}.`,
    );
    return 2;
  }

  try {
    const params =
      values.params === undefined
        ? {}
        : parseJson(values.params, "--params");
    const input = toMetricInput(id, parseJson(await readStdin(), "stdin"));
    const value = computeMetric(id, input, params);
    console.log(JSON.stringify({ value }));
    return 0;
  } catch (error) {
    if (error instanceof InputError || error instanceof MetricInputError) {
      console.error(`arena metric: ${error.message}`);
      return 2;
    }
    console.error(`arena metric: failed: ${(error as Error).message}`);
    return 1;
  }
}
