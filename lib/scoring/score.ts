import path from "node:path";

import { computeMetric, getMetric, MetricInputError, rocCurve } from "../../scorers/index";
import type { MetricInput } from "../../scorers/types";
import type { Bundle } from "../challenge/bundle";
import type { MetricUse } from "../challenge/definition";
import { BundleError } from "../challenge/errors";
import { assertDataReady } from "../challenge/load";
import { SubmissionError } from "../reader/errors";
import { joinMemoryPredictions } from "../reader/memory";
import { readParameterFile, validateParameters } from "../reader/parameters";
import { readPredictionFile, type PredictionTable } from "../reader/predictions";
import { loadAnswerKey, type AnswerKey } from "./answer-key";
import { gatherInput, sumPerClass } from "./inputs";
import { loadObjective } from "./objective";
import { rowsWithCode, selectRows, splitRows } from "./rows";
import type { CheckResult, InMemoryPredictions, ScoreOptions, ScoreResult } from "./types";

const rocMetrics = new Set(["roc_auc", "truncated_roc_auc"]);
const defaultRocPoints = 200;

/**
 * Scores a submission file: a prediction file (`.csv` or gzip) joined to
 * the hidden answer key, or a parameter file for parameter challenges.
 * Throws a SubmissionError for a bad submission, a BundleError for a
 * problem of the challenge (including data not generated yet).
 */
export async function scoreSubmission(
  bundle: Bundle,
  filePath: string,
  options: ScoreOptions = {},
): Promise<ScoreResult> {
  const displayName = options.displayName ?? path.basename(filePath);
  if (bundle.definition.parameters) {
    const raw = await readParameterFile(filePath, { displayName });
    return scoreParameters(bundle, raw, { ...options, displayName });
  }
  const key = await loadAnswerKey(bundle);
  const table = await readPredictionFile(bundle, key.index, filePath, { displayName });
  return scoreTable(bundle, key, table, "predictions", options);
}

/**
 * Scores predictions made in memory, such as a model's output on the test
 * features, with the same checks and metrics as a file.
 */
export async function scorePredictions(
  bundle: Bundle,
  predictions: InMemoryPredictions,
  options: ScoreOptions = {},
): Promise<ScoreResult> {
  const key = await loadAnswerKey(bundle);
  const table = joinMemoryPredictions(bundle, key.index, predictions, options.displayName);
  return scoreTable(bundle, key, table, "model", options);
}

/**
 * Scores a parameter set (already parsed from JSON or CSV) with the
 * bundle's objective module. A parameter challenge has one value, so the
 * public and private scores are equal.
 */
export async function scoreParameters(
  bundle: Bundle,
  raw: unknown,
  options: ScoreOptions = {},
): Promise<ScoreResult> {
  const format = bundle.definition.parameters;
  if (!format) throw new Error(`challenge "${bundle.slug}" accepts no parameter submissions`);
  assertDataReady(bundle);
  const displayName = options.displayName ?? "parameters";
  const objective = await loadObjective(bundle);
  const params = validateParameters(objective.parametersSchema, raw, displayName);
  const result = await objective.evaluate(params, { bundleDir: bundle.dir, files: bundle.parameterFiles });
  if (!Number.isFinite(result.value)) {
    throw new BundleError(
      format.objective,
      `objective ${format.objective} returned ${result.value} for valid parameters; it must return a finite number`,
    );
  }
  return {
    challenge: bundle.slug,
    kind: "parameters",
    metric: "objective",
    direction: format.direction,
    publicScore: result.value,
    privateScore: result.value,
    checks: [],
    passedChecks: true,
    rowCount: 1,
    publicRowCount: 1,
    privateRowCount: 1,
    ...(result.details === undefined ? {} : { details: result.details }),
  };
}

function scoreTable(
  bundle: Bundle,
  key: AnswerKey,
  table: PredictionTable,
  kind: "predictions" | "model",
  options: ScoreOptions,
): ScoreResult {
  const definition = bundle.definition;
  const use = definition.metric!;
  const metric = getMetric(use.id);
  const mask = selectRows(key, use.filter);
  const parts = splitRows(key, definition.answer_key!.split, mask);

  const weights = use.inputs.weights;
  let classTotals: Map<number, number> | undefined;
  if (weights && "answer_key" in weights && weights.renormalize === "per_class") {
    const allRows = new Int32Array(parts.publicRows.length + parts.privateRows.length);
    allRows.set(parts.publicRows);
    allRows.set(parts.privateRows, parts.publicRows.length);
    const plain: MetricUse = { ...use, inputs: { labels: use.inputs.labels, weights: { answer_key: weights.answer_key } } };
    const input = gatherInput(plain, key, table.columns, allRows);
    classTotals = sumPerClass(input.labels as Float64Array, input.weights as Float64Array);
  }

  const publicInput = gatherInput(use, key, table.columns, parts.publicRows, classTotals);
  const publicScore = computeUse(bundle, use, publicInput, "the public part");
  const privateInput = gatherInput(use, key, table.columns, parts.privateRows, classTotals);
  const privateScore = computeUse(bundle, use, privateInput, "the private part");

  const checks = definition.checks.map((check): CheckResult => {
    const rows = selectRowNumbers(key, check.metric);
    const input = gatherInput(check.metric, key, table.columns, rows);
    const value = computeUse(bundle, check.metric, input, `check "${check.name}"`);
    return {
      name: check.name,
      title: check.title,
      metric: check.metric.id,
      value,
      comparison: check.comparison,
      threshold: check.threshold,
      passed: compare(value, check.comparison, check.threshold),
    };
  });

  const result: ScoreResult = {
    challenge: bundle.slug,
    kind,
    metric: use.id,
    direction: metric.direction,
    publicScore,
    privateScore,
    checks,
    passedChecks: checks.every((check) => check.passed),
    rowCount: table.rowCount,
    publicRowCount: parts.publicRows.length,
    privateRowCount: parts.privateRows.length,
  };
  const maxPoints = options.maxRocPoints ?? defaultRocPoints;
  if (rocMetrics.has(use.id) && maxPoints >= 2 && publicInput.labels && publicInput.scores) {
    const curve = rocCurve(publicInput.labels, publicInput.scores, publicInput.weights, maxPoints);
    result.rocCurve = { fpr: curve.fpr, tpr: curve.tpr };
  }
  return result;
}

function selectRowNumbers(key: AnswerKey, use: MetricUse): Int32Array {
  return rowsWithCode(selectRows(key, use.filter), undefined, 0);
}

/**
 * Computes a metric and sorts its input errors by fault: an input that
 * comes from the submission makes a SubmissionError with the metric's
 * message, one from the answer key a BundleError whose message leaves the
 * metric's text (which may quote key values) to `cause`.
 */
function computeUse(bundle: Bundle, use: MetricUse, input: MetricInput, part: string): number {
  try {
    return computeMetric(use.id, input, use.params);
  } catch (error) {
    if (!(error instanceof MetricInputError)) throw error;
    const field = error.argument as keyof MetricUse["inputs"];
    const source = use.inputs[field];
    if (source !== undefined && "submission" in source) {
      throw new SubmissionError("invalid_value", `${use.id} cannot score ${part}: ${error.message}`, {}, { cause: error });
    }
    throw new BundleError(
      bundle.definitionFile,
      `challenge "${bundle.slug}": ${use.id} rejected its input \`${error.argument}\` on ${part}; ` +
        "the answer key or the definition needs fixing (the metric's message is in the cause)",
      { cause: error },
    );
  }
}

function compare(value: number, comparison: "<" | "<=" | ">" | ">=", threshold: number): boolean {
  switch (comparison) {
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
  }
}
