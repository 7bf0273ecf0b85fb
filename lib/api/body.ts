import { AppError } from "@/lib/errors";

/**
 * Largest body of a JSON API request or a next-auth form, in bytes. Both
 * carry a few short fields, and both are read whole into memory.
 */
export const MAX_SMALL_BODY_BYTES = 64 * 1024;

function bodyTooLarge(maxBytes: number): AppError {
  return new AppError(
    "payload_too_large:body",
    `The request body is larger than the limit of ${maxBytes} bytes. Send only the documented fields.`,
  );
}

/**
 * Reads a request body into memory, at most `maxBytes` of it. Throws
 * `payload_too_large:body` as soon as the declared Content-Length or the
 * bytes received pass the limit, and then stops reading, so a client
 * cannot make the server buffer a body of any size. A missing body reads
 * as zero bytes.
 */
export async function readLimitedBody(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    throw bodyTooLarge(maxBytes);
  }
  if (!request.body) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }

  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
