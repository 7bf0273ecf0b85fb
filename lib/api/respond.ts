import { randomUUID } from "node:crypto";
import { ZodError } from "zod";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";

/** The second argument Next passes to a route handler. */
export interface RouteContext<Params> {
  params: Promise<Params>;
}

type Handler<Params> = (
  request: Request,
  context: RouteContext<Params>,
) => Promise<Response>;

/** Sends `body` as JSON with the given status. */
export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, {
    status,
    headers: { "cache-control": "no-store" },
  });
}

/**
 * Converts a zod failure into a 400 AppError with the code
 * `bad_request:<surface>` that lists each field path and message.
 */
export function zodToAppError(error: ZodError, surface: string): AppError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  const summary = issues
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join("; ");
  return new AppError(
    `bad_request:${surface}`,
    `Invalid ${surface.replaceAll("_", " ")}: ${summary}`,
    { cause: error, details: { issues } },
  );
}

/**
 * Builds the JSON error response for anything a handler throws. AppErrors
 * keep their status and message, and zod errors become 400s. Anything else
 * is logged with its stack and returned as a generic 500, so internal
 * details never reach the caller.
 */
export function errorResponse(error: unknown, requestId: string): Response {
  let appError: AppError;
  if (error instanceof AppError) {
    appError = error;
  } else if (error instanceof ZodError) {
    appError = zodToAppError(error, "input");
  } else {
    appError = new AppError(
      "internal:unexpected",
      `Internal error. Quote request id ${requestId} when reporting it.`,
      { cause: error },
    );
  }

  if (appError.status >= 500) {
    logger.error({ err: error, requestId }, "request failed");
  } else {
    logger.info(
      { requestId, code: appError.code, status: appError.status },
      "request rejected",
    );
  }

  const response = jsonResponse(appError.toJSON(), appError.status);
  response.headers.set("x-request-id", requestId);
  return response;
}

/**
 * Wraps a route handler so that every thrown error becomes a JSON error
 * response with the AppError's status.
 */
export function route<Params = Record<string, never>>(
  handler: Handler<Params>,
): Handler<Params> {
  return async (request, context) => {
    const requestId = randomUUID();
    try {
      const response = await handler(request, context);
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
}

/**
 * Builds the handler for the methods a route does not serve: a JSON 405
 * error with an Allow header, where Next would send an empty 405.
 */
export function methodNotAllowed<Params = Record<string, never>>(allowed: readonly string[]): Handler<Params> {
  const handler = route<Params>(async (request) => {
    const { pathname } = new URL(request.url);
    throw new AppError(
      "method_not_allowed:route",
      `${request.method} is not allowed on ${pathname}. Use ${allowed.join(" or ")}.`,
      { details: { allowed } },
    );
  });
  return async (request, context) => {
    const response = await handler(request, context);
    response.headers.set("allow", allowed.join(", "));
    return response;
  };
}
