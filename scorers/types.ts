import type { z } from "zod";

/** Whether a higher (`maximize`) or a lower (`minimize`) value is better. */
export type Direction = "maximize" | "minimize";

/** Numeric columns as typed arrays or plain arrays; metrics accept both. */
export type NumericColumn = Float64Array | Float32Array | ArrayLike<number>;

/**
 * The inputs a metric may read. Each metric lists the fields it needs in
 * `fields` and checks them before computing.
 *
 * - `labels`: 0/1 for binary metrics (1 is signal or simulation), the class
 *   index 0..k-1 for `log_loss`.
 * - `scores`: one prediction per row.
 * - `weights`: one non-negative weight per row (sWeights may be negative
 *   where the metric says so).
 * - `mass`: the reconstructed mass of each row, for `cvm_correlation`.
 * - `probabilities`: row-major n x k class probabilities for `log_loss`,
 *   with `classes` = k.
 */
export interface MetricInput {
  labels?: NumericColumn;
  scores?: NumericColumn;
  weights?: NumericColumn;
  mass?: NumericColumn;
  probabilities?: NumericColumn;
  classes?: number;
}

export type MetricField = keyof MetricInput;

/** One metric module: a stable id, its direction and a pure compute. */
export interface Metric<Params = unknown> {
  id: string;
  direction: Direction;
  /** Fields of MetricInput the metric requires. */
  requires: readonly MetricField[];
  /** Fields it reads when present. */
  optional: readonly MetricField[];
  paramsSchema: z.ZodType<Params>;
  /** Computes the value; throws MetricInputError on invalid input. */
  compute(input: MetricInput, params: Params): number;
}

/**
 * Invalid metric input. `argument` is the input field at fault and `index`
 * the first offending row, when there is one.
 */
export class MetricInputError extends Error {
  readonly argument: string;
  readonly index: number | undefined;

  constructor(argument: string, message: string, index?: number) {
    super(message);
    this.name = "MetricInputError";
    this.argument = argument;
    this.index = index;
  }
}
