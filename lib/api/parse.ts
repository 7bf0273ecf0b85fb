import type { z } from "zod";
import { MAX_SMALL_BODY_BYTES, readLimitedBody } from "@/lib/api/body";
import { AppError } from "@/lib/errors";
import { zodToAppError } from "@/lib/api/respond";

/** Validates route parameters such as `{ slug }` or `{ id }`. */
export async function parseParams<Schema extends z.ZodType>(
  schema: Schema,
  params: Promise<unknown>,
): Promise<z.infer<Schema>> {
  const result = schema.safeParse(await params);
  if (!result.success) throw zodToAppError(result.error, "path");
  return result.data;
}

/** Validates the query string; a key given twice keeps its last value. */
export function parseQuery<Schema extends z.ZodType>(
  schema: Schema,
  request: Request,
): z.infer<Schema> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const result = schema.safeParse(query);
  if (!result.success) throw zodToAppError(result.error, "query");
  return result.data;
}

/**
 * Reads and validates a JSON body; an empty body counts as `{}`. Throws
 * `payload_too_large:body` for a body over MAX_SMALL_BODY_BYTES.
 */
export async function parseJsonBody<Schema extends z.ZodType>(
  schema: Schema,
  request: Request,
): Promise<z.infer<Schema>> {
  const bytes = await readLimitedBody(request, MAX_SMALL_BODY_BYTES);
  const text = new TextDecoder().decode(bytes);
  let body: unknown = {};
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new AppError(
        "bad_request:json",
        "The request body is not valid JSON. Send a JSON object or no body.",
        { cause: error },
      );
    }
  }
  const result = schema.safeParse(body);
  if (!result.success) throw zodToAppError(result.error, "body");
  return result.data;
}
