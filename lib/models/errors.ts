import { SubmissionError, type SubmissionErrorReason } from "../reader/errors";
import { AppError } from "../errors";

/** The cause of a failed model submission, a stable code for programs. */
export type ModelErrorReason =
  | "too_large"
  | "invalid_model"
  | "unsupported_opset"
  | "input_mismatch"
  | "output_mismatch"
  | "unsafe_zip"
  | "invalid_output"
  | "output_out_of_range"
  | "time_limit"
  | "memory_limit"
  | "crashed";

const submissionReason: Record<ModelErrorReason, SubmissionErrorReason> = {
  too_large: "too_large",
  invalid_model: "unsupported_format",
  unsupported_opset: "unsupported_format",
  input_mismatch: "unsupported_format",
  output_mismatch: "unsupported_format",
  unsafe_zip: "unsupported_format",
  invalid_output: "not_finite",
  output_out_of_range: "out_of_range",
  time_limit: "invalid_value",
  memory_limit: "invalid_value",
  crashed: "invalid_value",
};

/**
 * A model submission that cannot be scored because of the model itself:
 * the participant's fault. `modelReason` is the precise cause. The inherited
 * `reason` is the nearest prediction-file reason, for code that handles
 * only those.
 */
export class ModelSubmissionError extends SubmissionError {
  readonly modelReason: ModelErrorReason;

  constructor(
    modelReason: ModelErrorReason,
    message: string,
    options: { file?: string; cause?: unknown } = {},
  ) {
    const location = options.file === undefined ? {} : { file: options.file };
    super(submissionReason[modelReason], message, location, {
      cause: options.cause,
    });
    this.name = "ModelSubmissionError";
    this.modelReason = modelReason;
  }
}

/**
 * The model sandbox could not run a job for reasons unrelated to the
 * model: the child process failed to start, a temporary folder could not be
 * written, the runtime did not load. The platform's fault; retry later.
 */
export class SandboxError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("unavailable:model_sandbox", message, { cause: options.cause });
    this.name = "SandboxError";
  }
}
