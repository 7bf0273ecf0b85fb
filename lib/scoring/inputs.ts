import type { MetricInput } from "../../scorers/types";
import { inputFields, type InputSource, type MetricUse } from "../challenge/definition";
import { BundleError } from "../challenge/errors";
import type { AnswerKey } from "./answer-key";

/** Prediction columns indexed by answer-key row. */
export type PredictionColumns = Map<string, Float64Array>;

/**
 * Builds a metric's input from the answer key and the predictions for the
 * given rows. `classTotals`, when given, are the per-class weight sums the
 * `renormalize: per_class` weights are scaled to.
 */
export function gatherInput(
  use: MetricUse,
  key: AnswerKey,
  predictions: PredictionColumns,
  rows: Int32Array,
  classTotals?: Map<number, number>,
): MetricInput {
  const input: MetricInput = {};
  for (const field of inputFields) {
    const source = use.inputs[field];
    if (source === undefined) continue;
    if ("submission" in source) {
      const names = Array.isArray(source.submission) ? source.submission : [source.submission];
      input[field] = gatherPredictions(predictions, names, rows);
      if (field === "probabilities") input.classes = names.length;
    } else {
      input[field] = gatherAnswerKey(key, source, rows, `${field} (${source.answer_key})`);
    }
  }
  const weightsSource = use.inputs.weights;
  if (weightsSource && "answer_key" in weightsSource && weightsSource.renormalize === "per_class") {
    const labels = input.labels as Float64Array;
    const weights = input.weights as Float64Array;
    renormalizePerClass(labels, weights, classTotals ?? sumPerClass(labels, weights));
  }
  return input;
}

/** Sums `weights` per distinct value of `labels`. */
export function sumPerClass(labels: Float64Array, weights: Float64Array): Map<number, number> {
  const totals = new Map<number, number>();
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row]!;
    totals.set(label, (totals.get(label) ?? 0) + weights[row]!);
  }
  return totals;
}

/**
 * Scales each class's weights in place so that they sum to `totals` for
 * that class, as HiggsML did for its public and private parts.
 */
function renormalizePerClass(labels: Float64Array, weights: Float64Array, totals: Map<number, number>): void {
  const partTotals = sumPerClass(labels, weights);
  const factors = new Map<number, number>();
  for (const [label, partTotal] of partTotals) {
    const target = totals.get(label) ?? 0;
    factors.set(label, partTotal === 0 ? 0 : target / partTotal);
  }
  for (let row = 0; row < labels.length; row++) {
    weights[row] = weights[row]! * factors.get(labels[row]!)!;
  }
}

function gatherPredictions(predictions: PredictionColumns, names: readonly string[], rows: Int32Array): Float64Array {
  const width = names.length;
  const output = new Float64Array(rows.length * width);
  names.forEach((name, offset) => {
    const column = predictions.get(name);
    if (!column) throw new Error(`prediction column "${name}" was not read`);
    for (let index = 0; index < rows.length; index++) {
      output[index * width + offset] = column[rows[index]!]!;
    }
  });
  return output;
}

function gatherAnswerKey(key: AnswerKey, source: Extract<InputSource, { answer_key: string }>, rows: Int32Array, label: string): Float64Array {
  const output = new Float64Array(rows.length);
  if (source.map !== undefined) {
    const column = key.text.get(source.answer_key);
    if (!column) throw new Error(`answer-key column "${source.answer_key}" was not read as text`);
    const mapped = column.values.map((value) => source.map![value] ?? Number.NaN);
    for (let index = 0; index < rows.length; index++) {
      const value = mapped[column.codes[rows[index]!]!]!;
      if (Number.isNaN(value)) throw unusableValue(key, rows[index]!, label, "has a value that `map` does not list");
      output[index] = value;
    }
    return output;
  }
  const column = key.numeric.get(source.answer_key);
  if (!column) throw new Error(`answer-key column "${source.answer_key}" was not read`);
  for (let index = 0; index < rows.length; index++) {
    const value = column[rows[index]!]!;
    if (Number.isNaN(value)) throw unusableValue(key, rows[index]!, label, "is empty");
    output[index] = value;
  }
  return output;
}

function unusableValue(key: AnswerKey, row: number, label: string, problem: string): BundleError {
  return new BundleError(
    "answer key",
    `answer key: the input ${label} ${problem} on the row with id ${key.index.idText(row)}, ` +
      "which the metric's filter selects; fix the answer key or the filter",
  );
}
