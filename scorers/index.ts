/**
 * The metric registry: every metric by id, and one entry point that checks
 * parameters and input before computing.
 */
import { ams, significance } from "./ams";
import { cvmCorrelation } from "./cvm-correlation";
import { ksAgreement } from "./ks-agreement";
import { logLoss } from "./log-loss";
import { rocAuc } from "./roc-auc";
import { truncatedRocAuc } from "./truncated-roc-auc";
import { MetricInputError, type Metric, type MetricInput } from "./types";

export { MetricInputError } from "./types";
export { rocCurve, type RocCurve } from "./roc-curve";
export { argsortFloat64 } from "./sort";
export type {
  Direction,
  Metric,
  MetricField,
  MetricInput,
  NumericColumn,
} from "./types";

/** Every metric by id. */
export const metrics = {
  roc_auc: rocAuc,
  truncated_roc_auc: truncatedRocAuc,
  ks_agreement: ksAgreement,
  cvm_correlation: cvmCorrelation,
  ams,
  significance,
  log_loss: logLoss,
} as const satisfies Record<string, Metric<unknown>>;

export type MetricId = keyof typeof metrics;

export const metricIds = Object.keys(metrics).sort() as MetricId[];

export function isMetricId(id: string): id is MetricId {
  return Object.hasOwn(metrics, id);
}

/** Returns the metric with this id, or throws an error listing the ids. */
export function getMetric(id: string): Metric<unknown> {
  if (!isMetricId(id)) {
    throw new Error(
      `Unknown metric "${id}". Known metrics: ${metricIds.join(", ")}.`,
    );
  }
  return metrics[id] as Metric<unknown>;
}

/**
 * Validates `params` with the metric's schema (missing params mean the
 * defaults), then computes the metric on `input`. Throws MetricInputError
 * with argument "params" for invalid parameters and the input field for
 * invalid input, and a plain Error for an unknown id.
 */
export function computeMetric(
  id: string,
  input: MetricInput,
  params?: unknown,
): number {
  const metric = getMetric(id);
  const parsed = metric.paramsSchema.safeParse(params ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => {
        const path = issue.path.join(".");
        return path ? `${path}: ${issue.message}` : issue.message;
      })
      .join("; ");
    throw new MetricInputError(
      "params",
      `Invalid parameters for ${id}: ${problems}.`,
    );
  }
  const value = metric.compute(input, parsed.data);
  if (!Number.isFinite(value)) {
    // Each metric rejects the input that would make it undefined, so this
    // is a bug in the metric, not in the input.
    throw new Error(`${id} produced ${value}; this is a bug in the metric.`);
  }
  return value;
}
