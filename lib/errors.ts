/**
 * The application's one error type. `code` is stable and machine-readable
 * (`kind:surface`, e.g. `not_found:submission`); `message` is safe to show
 * to the caller; the original error, if any, is kept as `cause` for logs.
 */
export type ErrorKind =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

const statusByKind: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly status: number;
  /** Extra fields for the JSON body, e.g. zod issues with their paths. */
  readonly details: unknown;

  constructor(
    code: `${ErrorKind}:${string}`,
    message: string,
    options: { cause?: unknown; details?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.kind = code.slice(0, code.indexOf(":")) as ErrorKind;
    this.status = statusByKind[this.kind];
    this.details = options.details;
  }

  toJSON(): { error: { code: string; message: string; details?: unknown } } {
    const body: { code: string; message: string; details?: unknown } = {
      code: this.code,
      message: this.message,
    };
    if (this.details !== undefined) body.details = this.details;
    return { error: body };
  }
}
