import type { TensorInfo, childFailureReasons } from "../protocol";

/** A model loaded by one of the runtimes, ready for inference. */
export interface LoadedModel {
  backend: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /**
   * Runs `rows` rows of `features` (row-major float32) and returns the
   * named output with its shape.
   */
  run(
    features: Float32Array,
    rows: number,
    featureCount: number,
    output: string,
  ): Promise<{ data: Float32Array | Float64Array; shape: number[] }>;
  dispose(): Promise<void>;
}

/**
 * A problem with the model (not with the runner) found in the child. The
 * message is shown to the participant.
 */
export class ModelFault extends Error {
  readonly reason: (typeof childFailureReasons)[number];

  constructor(reason: (typeof childFailureReasons)[number], message: string) {
    super(message);
    this.name = "ModelFault";
    this.reason = reason;
  }
}

/**
 * Shortens a runtime error for a participant: the first line, without the
 * C++ source location onnxruntime puts in front.
 */
export function describeRuntimeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split("\n")[0] ?? text;
  const withoutSource = firstLine.replace(/^\S*\/onnxruntime_src\/\S+\s+(?:.*?\)\s+)?/, "");
  return withoutSource.slice(0, 500);
}
