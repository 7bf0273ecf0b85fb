/**
 * Input checks shared by the metrics. Each check throws MetricInputError
 * naming the argument, the problem and the first offending row.
 *
 * Labels, weights and masses usually come from the answer key, so messages
 * give only their index, never their value. Scores and probabilities come
 * from the submission and their value may be shown.
 */
import {
  MetricInputError,
  type MetricField,
  type MetricInput,
  type NumericColumn,
} from "./types";

/** Returns the field or throws when it is missing. */
export function requireField(
  input: MetricInput,
  field: Exclude<MetricField, "classes">,
  metricId: string,
): NumericColumn {
  const column = input[field];
  if (column === undefined || column === null) {
    throw new MetricInputError(
      field,
      `${metricId} requires ${field}, but it is missing.`,
    );
  }
  return column;
}

/** Copies a column into a Float64Array, or returns it when it is one. */
export function toFloat64(column: NumericColumn): Float64Array {
  if (column instanceof Float64Array) return column;
  const result = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) result[i] = Number(column[i]);
  return result;
}

export function checkLength(
  field: string,
  column: ArrayLike<number>,
  expected: number,
  referenceField: string,
): void {
  if (column.length !== expected) {
    throw new MetricInputError(
      field,
      `${field} has ${column.length} rows but ${referenceField} has ` +
        `${expected}; pass one value per row.`,
    );
  }
}

/** Rejects NaN and infinite values. */
export function checkFinite(field: string, column: Float64Array): void {
  for (let i = 0; i < column.length; i++) {
    const value = column[i] as number;
    if (Number.isFinite(value)) continue;
    const problem = Number.isNaN(value) ? "NaN" : "infinite";
    throw new MetricInputError(
      field,
      `${field}[${i}] is ${problem}; every value of ${field} must be a ` +
        "finite number.",
      i,
    );
  }
}

export function checkNonNegative(field: string, column: Float64Array): void {
  for (let i = 0; i < column.length; i++) {
    if ((column[i] as number) >= 0) continue;
    throw new MetricInputError(
      field,
      `${field}[${i}] is negative; this metric requires non-negative ` +
        `${field}.`,
      i,
    );
  }
}

/** Rejects values outside [min, max]; the value is shown in the message. */
export function checkRange(
  field: string,
  column: Float64Array,
  min: number,
  max: number,
): void {
  for (let i = 0; i < column.length; i++) {
    const value = column[i] as number;
    if (value >= min && value <= max) continue;
    throw new MetricInputError(
      field,
      `${field}[${i}] is ${value}, outside the allowed range ` +
        `[${min}, ${max}].`,
      i,
    );
  }
}

/** Converts 0/1 labels to bytes, rejecting any other value. */
export function toBinaryLabels(column: NumericColumn): Uint8Array {
  const labels = new Uint8Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const value = column[i];
    if (value === 1) {
      labels[i] = 1;
    } else if (value !== 0) {
      throw new MetricInputError(
        "labels",
        `labels[${i}] is not 0 or 1; binary labels must be 0 or 1.`,
        i,
      );
    }
  }
  return labels;
}

/**
 * Converts class indices 0..classes-1 to a Uint32Array, rejecting any other
 * value.
 */
export function toClassLabels(
  column: NumericColumn,
  classes: number,
): Uint32Array {
  const labels = new Uint32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const value = column[i] as number;
    if (!Number.isInteger(value) || value < 0 || value >= classes) {
      throw new MetricInputError(
        "labels",
        `labels[${i}] is not a class index; labels must be integers ` +
          `from 0 to ${classes - 1}.`,
        i,
      );
    }
    labels[i] = value;
  }
  return labels;
}

/**
 * Sums the weight of each binary class and rejects a class whose total is
 * not positive, because the metric is then undefined. `classNames` names
 * label 0 and label 1 in the message.
 */
export function sumClassWeights(
  labels: Uint8Array,
  weights: Float64Array | undefined,
  metricId: string,
  classNames: readonly [string, string],
): [number, number] {
  const totals: [number, number] = [0, 0];
  for (let i = 0; i < labels.length; i++) {
    totals[labels[i] as 0 | 1] += weights ? (weights[i] as number) : 1;
  }
  for (const label of [0, 1] as const) {
    checkFiniteSum("weights", totals[label]);
    if (totals[label] > 0) continue;
    const detail = weights
      ? "have no rows or a total weight that is not positive"
      : "have no rows";
    throw new MetricInputError(
      "labels",
      `${metricId} is undefined: the ${classNames[label]} rows ` +
        `(label ${label}) ${detail}. Both classes must be present.`,
    );
  }
  return totals;
}

/**
 * Rejects a weight sum that overflowed float64, which finite weights of
 * about 1e308 can reach.
 */
export function checkFiniteSum(field: string, sum: number): void {
  if (Number.isFinite(sum)) return;
  throw new MetricInputError(
    field,
    `the sum of ${field} overflows a float64; divide ${field} by a ` +
      "common factor.",
  );
}

export function checkMinRows(
  field: string,
  rows: number,
  minimum: number,
  reason: string,
): void {
  if (rows >= minimum) return;
  throw new MetricInputError(
    field,
    `${field} has ${rows} rows, fewer than the ${minimum} required ${reason}.`,
  );
}

/** The columns of a binary metric after validation. */
export interface BinaryInput {
  labels: Uint8Array;
  scores: Float64Array;
  weights: Float64Array | undefined;
}

/**
 * Reads and checks labels (0/1), scores and weights. `weights` sets whether
 * weights are required, and `negativeWeights` whether they may be negative.
 */
export function readBinaryInput(
  input: MetricInput,
  metricId: string,
  options: { weights: "optional" | "required"; negativeWeights?: boolean },
): BinaryInput {
  const labels = toBinaryLabels(requireField(input, "labels", metricId));
  const scores = toFloat64(requireField(input, "scores", metricId));
  checkLength("scores", scores, labels.length, "labels");
  checkFinite("scores", scores);

  const rawWeights =
    options.weights === "required"
      ? requireField(input, "weights", metricId)
      : input.weights;
  let weights: Float64Array | undefined;
  if (rawWeights !== undefined && rawWeights !== null) {
    weights = toFloat64(rawWeights);
    checkLength("weights", weights, labels.length, "labels");
    checkFinite("weights", weights);
    if (!options.negativeWeights) checkNonNegative("weights", weights);
  }
  return { labels, scores, weights };
}
