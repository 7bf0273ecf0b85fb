import { AppError } from "../errors";

/** The reason a submission was rejected, a stable code for programs. */
export type SubmissionErrorReason =
  | "unsupported_format"
  | "too_large"
  | "invalid_gzip"
  | "invalid_encoding"
  | "empty_file"
  | "invalid_csv"
  | "invalid_header"
  | "column_count"
  | "invalid_value"
  | "not_finite"
  | "out_of_range"
  | "invalid_rank"
  | "unknown_id"
  | "duplicate_id"
  | "missing_ids"
  | "invalid_parameters";

export interface SubmissionErrorLocation {
  /** The submission's file name as the participant uploaded it. */
  file?: string;
  /** 1-based line in the file. */
  line?: number;
  /** 1-based field position in the line. */
  column?: number;
  /** The header name of that field. */
  columnName?: string;
}

/**
 * A submission that cannot be scored because of its content: the
 * participant's fault, never the platform's. The message names the file,
 * line and column, states what was expected and never contains a value from
 * the answer key.
 */
export class SubmissionError extends AppError {
  readonly reason: SubmissionErrorReason;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly columnName: string | undefined;

  constructor(
    reason: SubmissionErrorReason,
    message: string,
    location: SubmissionErrorLocation = {},
    options: { cause?: unknown } = {},
  ) {
    super("bad_request:submission", formatMessage(message, location), {
      cause: options.cause,
      details: { reason, ...location },
    });
    this.name = "SubmissionError";
    this.reason = reason;
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
    this.columnName = location.columnName;
  }
}

function formatMessage(message: string, location: SubmissionErrorLocation): string {
  const parts: string[] = [];
  if (location.file !== undefined) parts.push(location.file);
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.column !== undefined) {
    const name = location.columnName === undefined ? "" : ` (${location.columnName})`;
    parts.push(`column ${location.column}${name}`);
  }
  return parts.length === 0 ? message : `${parts.join(", ")}: ${message}`;
}
