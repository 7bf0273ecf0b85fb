// The messages between the parent and the model runner child process, and
// the rules both sides share. The parent writes a job as JSON, the child
// writes a result as JSON; the features and outputs travel as raw binary
// files (float32 in, float64 out, row-major).
export type ModelFormat = "onnx" | "tfjs";

/** One model input or output as the runtime reports it. */
export interface TensorInfo {
  name: string;
  /** False for sequences and maps (e.g. scikit-learn's ZipMap output). */
  isTensor: boolean;
  /** Element type in the runtime's words ("float32", "int64", ...). */
  type: string;
  /** Sizes; a string or null is a dynamic dimension. Null shape: unknown. */
  shape: (number | string | null)[] | null;
}

interface JobBase {
  format: ModelFormat;
  /** The .onnx file, or the folder that contains model.json. */
  modelPath: string;
  resultPath: string;
  /** Threads the runtime may use for one inference. */
  threads: number;
  /** TF.js backend to use instead of the fastest one found (benchmarks). */
  tfjsBackend?: "wasm" | "cpu";
}

export interface InspectJob extends JobBase {
  task: "inspect";
  /** Width of the zero-filled rows used for the trial run. */
  featureCount: number;
}

export interface PredictJob extends JobBase {
  task: "predict";
  featuresPath: string;
  rows: number;
  featureCount: number;
  /** Rows per inference call; bounds the runtime's working memory. */
  batchRows: number;
  outputPath: string;
}

export type ChildJob = InspectJob | PredictJob;

/**
 * The reasons a child reports a failed job. The last two are the
 * platform's fault: the runtime did not load, or the runner itself failed.
 */
export const childFailureReasons = [
  "invalid_model",
  "input_mismatch",
  "output_mismatch",
  "invalid_output",
  "runtime_unavailable",
  "runner_error",
] as const;

export interface InspectResult {
  ok: true;
  task: "inspect";
  backend: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** The chosen output and its shape on a trial batch of rows. */
  output: string;
  trialShape: number[];
}

export interface PredictResult {
  ok: true;
  task: "predict";
  backend: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  output: string;
  width: number;
  rows: number;
  loadMs: number;
  inferenceMs: number;
}

export interface ChildFailure {
  ok: false;
  reason: (typeof childFailureReasons)[number];
  message: string;
}

export type ChildResult = InspectResult | PredictResult | ChildFailure;

/** Rows of the trial run that reveals the output shape. */
export const trialRows = 3;

/** The line the child prints once its runtime has loaded. */
export const readyLine = "model-runner-ready";

const numericTypes = new Set(["float32", "float64", "float16"]);

/**
 * Picks the output that contains the probabilities. A single output is used
 * as is. Among several (scikit-learn's converters emit a label and the
 * probabilities), the numeric tensor named like "probabilities" wins, then
 * the first numeric tensor. Returns undefined when no output qualifies.
 */
export function selectOutput(outputs: readonly TensorInfo[]): TensorInfo | undefined {
  if (outputs.length === 1) return outputs[0];
  const numeric = outputs.filter(
    (output) => output.isTensor && numericTypes.has(output.type),
  );
  const named = numeric.find((output) => /prob/i.test(output.name));
  return named ?? numeric[0];
}

/** True for the element types the runner accepts as model output. */
export function isNumericOutput(output: TensorInfo): boolean {
  return output.isTensor && numericTypes.has(output.type);
}
