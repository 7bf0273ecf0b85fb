import type { Direction } from "../../scorers/types";

/** One gating check's outcome. */
export interface CheckResult {
  name: string;
  title: string | undefined;
  metric: string;
  value: number;
  comparison: "<" | "<=" | ">" | ">=";
  threshold: number;
  passed: boolean;
}

/** Points of a ROC curve, false and true positive rates in [0, 1]. */
export interface RocCurvePoints {
  fpr: number[];
  tpr: number[];
}

/**
 * The outcome of scoring one submission. `privateScore` must stay hidden
 * from participants until the phase closes. A submission with
 * `passedChecks` false is scored but not ranked.
 */
export interface ScoreResult {
  challenge: string;
  kind: "predictions" | "model" | "parameters";
  metric: string;
  direction: Direction;
  publicScore: number;
  privateScore: number;
  checks: CheckResult[];
  passedChecks: boolean;
  /** Data rows read from the submission (1 for parameter submissions). */
  rowCount: number;
  publicRowCount: number;
  privateRowCount: number;
  /** ROC curve of the public rows, for binary ROC metrics. */
  rocCurve?: RocCurvePoints;
  /** Display details returned by a parameter challenge's objective. */
  details?: unknown;
}

export interface ScoreOptions {
  /** Name used for the file in error messages; defaults to its base name. */
  displayName?: string;
  /** Maximum points of `rocCurve`; 0 leaves the curve out. Default 200. */
  maxRocPoints?: number;
}

/**
 * Predictions produced in memory, e.g. by running a model on the test
 * features. `ids` are the row ids (as in the feature file) and `columns`
 * holds one array per prediction column of the definition, aligned with
 * `ids`. Category columns carry the numbers their values map to, and rank
 * columns the ranks.
 */
export interface InMemoryPredictions {
  ids: ArrayLike<string | number>;
  columns: Record<string, ArrayLike<number>>;
}
