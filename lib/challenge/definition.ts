import { z } from "zod";

import type { MetricField } from "../../scorers/types";

/**
 * The challenge definition file (`challenge.yaml`, `challenge.yml` or
 * `challenge.json` at the root of a bundle folder). Keys are snake_case.
 * Every path is relative to the bundle folder and must stay inside it; the
 * loader checks that. Cross-field rules (the metric exists, its inputs
 * name declared columns, and so on) live in `check-definition.ts`.
 */

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A path relative to the bundle folder, with forward slashes. */
export const bundlePathSchema = z
  .string()
  .min(1)
  .max(300)
  .refine((value) => !value.includes("\\"), {
    message: "use forward slashes in bundle paths",
  });

const columnNameSchema = z.string().min(1).max(100);

const utcDateTimeSchema = z.iso.datetime({
  offset: false,
  message: "expected an ISO 8601 date-time in UTC, e.g. 2026-09-01T00:00:00Z",
});

/**
 * One prediction column of a submission file.
 * - `number`: a finite decimal number, optionally within [min, max].
 * - `rank`: an integer rank; the ranks of a file must be the distinct
 *   integers 1..N, N the number of rows (HiggsML's `RankOrder`).
 * - `category`: one of a fixed set of strings, each mapped to the number
 *   the metric receives (HiggsML's `Class`: `{ s: 1, b: 0 }`).
 */
export const predictionColumnSchema = z.discriminatedUnion("type", [
  z.strictObject({
    name: columnNameSchema,
    type: z.literal("number"),
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  z.strictObject({
    name: columnNameSchema,
    type: z.literal("rank"),
  }),
  z.strictObject({
    name: columnNameSchema,
    type: z.literal("category"),
    values: z.record(z.string().min(1), z.number()),
  }),
]);

/**
 * Where a metric input comes from: a column of the answer key, or one or
 * more prediction columns of the submission. Several submission columns
 * form a row-major probability matrix (`probabilities` of `log_loss`), and
 * the class count is their number.
 *
 * `map` turns a categorical answer-key column into numbers (`Label`:
 * `{ s: 1, b: 0 }`). `renormalize: per_class` applies to `weights` only:
 * within each of the public and private parts the weights of each class
 * (by the `labels` input) are scaled so that their sum equals that class's
 * sum over all scored rows, the way the HiggsML challenge did.
 */
export const inputSourceSchema = z.union([
  z.strictObject({
    answer_key: columnNameSchema,
    map: z.record(z.string(), z.number()).optional(),
    renormalize: z.literal("per_class").optional(),
  }),
  z.strictObject({
    submission: z.union([
      columnNameSchema,
      z.array(columnNameSchema).min(2),
    ]),
  }),
]);

/** The fields of the metric input that a definition may fill. */
export const inputFields = [
  "labels",
  "scores",
  "weights",
  "mass",
  "probabilities",
] as const satisfies readonly MetricField[];

export const metricInputsSchema = z.strictObject({
  labels: inputSourceSchema.optional(),
  scores: inputSourceSchema.optional(),
  weights: inputSourceSchema.optional(),
  mass: inputSourceSchema.optional(),
  probabilities: inputSourceSchema.optional(),
});

/**
 * A condition on an answer-key column, compared as text: `equals` one
 * value or is `in` a list. A list of conditions must all hold.
 */
export const rowConditionSchema = z
  .strictObject({
    column: columnNameSchema,
    equals: z.string().optional(),
    in: z.array(z.string()).min(1).optional(),
  })
  .refine((condition) => (condition.equals === undefined) !== (condition.in === undefined), {
    message: "give exactly one of `equals` and `in`",
  });

export const rowFilterSchema = z
  .union([rowConditionSchema, z.array(rowConditionSchema).min(1)])
  .transform((filter) => (Array.isArray(filter) ? filter : [filter]));

/**
 * A metric applied to the answer key joined with the submission. `params`
 * are checked against the metric's own schema. `direction` may be left out;
 * when given it must equal the metric's. `filter` selects the rows scored.
 */
export const metricUseSchema = z.strictObject({
  id: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  direction: z.enum(["maximize", "minimize"]).optional(),
  inputs: metricInputsSchema,
  filter: rowFilterSchema.optional(),
});

/**
 * A gating check: a second metric on its own rows, compared with a
 * threshold, computed over all matching rows (not split into public and
 * private). A submission that fails a check is scored but not ranked.
 */
export const checkSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]+$/, "use lower-case letters, digits and _"),
  title: z.string().min(1).max(200).optional(),
  metric: metricUseSchema,
  comparison: z.enum(["<", "<=", ">", ">="]),
  threshold: z.number(),
});

/**
 * How answer-key rows split into the public and private leaderboards. The
 * first form reads the text of a column (Kaggle's `Usage`), and rows with
 * any other value are not scored. The second sends a seeded random share
 * of the scored rows to the public part.
 */
export const splitSchema = z.union([
  z.strictObject({
    column: columnNameSchema,
    public: z.string().min(1),
    private: z.string().min(1),
  }),
  z.strictObject({
    public_fraction: z.number().gt(0).lt(1),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
  }),
]);

export const answerKeySchema = z.strictObject({
  file: bundlePathSchema,
  /** Defaults to the submission's id column. */
  id_column: columnNameSchema.optional(),
  split: splitSchema,
});

export const submissionFormatSchema = z.strictObject({
  id_column: columnNameSchema,
  columns: z.array(predictionColumnSchema).min(1),
});

/**
 * The rule that turns a model's one signal probability per row into a
 * `rank` column and a `category` column, as HiggsML's `RankOrder` and
 * `Class` need. Rows are ranked by ascending probability, with ties in
 * ascending id order (numeric ids by value, text ids by UTF-16 code
 * units), so rank 1 is the least and rank n the most signal-like. A row
 * whose probability is at least `threshold` gets `signal_class`, any other
 * row `background_class`. Both class names must be values of the category
 * column, and the submission may have no other prediction columns.
 * Probabilities must be finite and within [0, 1].
 */
export const modelRankingSchema = z.strictObject({
  rank_column: columnNameSchema,
  class_column: columnNameSchema,
  signal_class: z.string().min(1),
  background_class: z.string().min(1),
  threshold: z.number().min(0).max(1),
});

/**
 * Model submissions: the feature file the model runs on, its id column
 * (defaults to the submission's) and the ordered feature columns that form
 * the `[batch, n_features]` float32 input, plus the run limits. Without
 * `ranking`, the output fills `number` prediction columns directly.
 */
export const modelFormatSchema = z.strictObject({
  features_file: bundlePathSchema,
  id_column: columnNameSchema.optional(),
  feature_columns: z.array(columnNameSchema).min(1),
  time_limit_s: z.number().positive(),
  memory_mb: z.number().int().positive(),
  max_size_mb: z.number().positive(),
  ranking: modelRankingSchema.optional(),
});

/**
 * Parameter challenges: a TypeScript objective module in the bundle that
 * exports a zod `parametersSchema` and `evaluate(params, context)`, the
 * direction of its value, and the named data files it reads.
 */
export const parametersFormatSchema = z.strictObject({
  objective: bundlePathSchema,
  direction: z.enum(["maximize", "minimize"]),
  files: z.record(z.string().regex(/^[a-z0-9_]+$/), bundlePathSchema).default({}),
});

export const pagesSchema = z.strictObject({
  overview: bundlePathSchema,
  data: bundlePathSchema,
  evaluation: bundlePathSchema,
  rules: bundlePathSchema,
});

export const publicFileSchema = z.strictObject({
  path: bundlePathSchema,
  description: z.string().min(1).max(500),
});

export const limitsSchema = z.strictObject({
  daily_submissions: z.number().int().positive(),
  max_file_mb: z.number().positive(),
  /**
   * Cap on the decompressed size of a `.csv.gz` submission. Defaults to
   * 20 times `max_file_mb`.
   */
  max_uncompressed_mb: z.number().positive().optional(),
  final_selections: z.number().int().positive(),
});

export const phaseSchema = z
  .strictObject({ opens: utcDateTimeSchema, closes: utcDateTimeSchema })
  .refine((phase) => Date.parse(phase.opens) < Date.parse(phase.closes), {
    message: "`closes` must be after `opens`",
    path: ["closes"],
  });

export const referenceLineSchema = z.strictObject({
  label: z.string().min(1).max(100),
  value: z.number(),
});

export const baselineSchema = z.strictObject({
  file: bundlePathSchema,
  label: z.string().min(1).max(100),
});

export const submissionKindSchema = z.enum(["predictions", "model", "parameters"]);

export const challengeDefinitionSchema = z.strictObject({
  slug: z.string().max(64).regex(slugPattern, "use lower-case words joined by -"),
  title: z.string().min(1).max(200),
  summary: z.string().min(1).max(500),
  kinds: z.array(submissionKindSchema).min(1),
  pages: pagesSchema,
  public_files: z.array(publicFileSchema).default([]),
  limits: limitsSchema,
  phase: phaseSchema,
  /** Lines drawn across the leaderboard, e.g. a course's pass mark. */
  reference_lines: z.array(referenceLineSchema).default([]),
  baseline: baselineSchema.optional(),
  /** The command that generates or imports the data, shown when missing. */
  data_command: z.string().min(1).max(300).optional(),
  submission: submissionFormatSchema.optional(),
  answer_key: answerKeySchema.optional(),
  metric: metricUseSchema.optional(),
  checks: z.array(checkSchema).default([]),
  model: modelFormatSchema.optional(),
  parameters: parametersFormatSchema.optional(),
});

export type ChallengeDefinition = z.output<typeof challengeDefinitionSchema>;
export type SubmissionKind = z.output<typeof submissionKindSchema>;
export type PredictionColumn = z.output<typeof predictionColumnSchema>;
export type InputSource = z.output<typeof inputSourceSchema>;
export type MetricUse = z.output<typeof metricUseSchema>;
export type RowCondition = z.output<typeof rowConditionSchema>;
export type Check = z.output<typeof checkSchema>;
export type Split = z.output<typeof splitSchema>;
export type ModelFormat = z.output<typeof modelFormatSchema>;
export type ParametersFormat = z.output<typeof parametersFormatSchema>;
export type ModelRanking = z.output<typeof modelRankingSchema>;
