import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError } from "@/lib/errors";
import {
  storeUpload,
  uploadTooLargeError,
  type StoredFile,
} from "@/lib/server/storage";

/** The stored file of a multipart upload and its text fields. */
export interface MultipartUpload {
  file: StoredFile & { fileName: string };
  fields: Record<string, string>;
}

export interface MultipartOptions {
  /** The multipart field that carries the file. */
  fileField: string;
  /** Text fields to keep; others are ignored. */
  textFields: readonly string[];
  /** Largest accepted file, in bytes. */
  maxBytes: number;
  /** Largest accepted text field, in bytes. */
  maxFieldBytes?: number;
  /** The data folder of the storage; defaults to ARENA_DATA_DIR. */
  dataDir?: string;
}

// Room for the multipart boundaries, part headers and text fields on top of
// the file when the Content-Length is checked before reading the body.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

function badMultipart(message: string, cause?: unknown): AppError {
  return new AppError("bad_request:multipart", message, { cause });
}

/** Keeps the base name of an uploaded file name, without control characters. */
function cleanFileName(raw: string | undefined): string {
  const base = path.basename((raw ?? "").replaceAll("\\", "/"));
  // eslint-disable-next-line no-control-regex
  const printable = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return printable.slice(0, 255) || "upload";
}

/**
 * Rejects a body whose declared length alone is over the limit, before
 * reading any of it.
 */
function assertContentLength(request: Request, maxBytes: number): void {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD_BYTES) {
    throw uploadTooLargeError(maxBytes);
  }
}

/**
 * Streams a `multipart/form-data` request body with busboy: the file field
 * goes straight to storage under its SHA-256 (never held in memory whole)
 * and the listed text fields are collected. Throws `payload_too_large:upload`
 * when the declared length or the file passes `maxBytes`, leaving nothing
 * stored, and `bad_request:multipart` for a malformed body, a missing file
 * or a second file.
 */
export async function readMultipartUpload(
  request: Request,
  options: MultipartOptions,
): Promise<MultipartUpload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw badMultipart(
      `Expected a multipart/form-data body with the file in the field "${options.fileField}", got "${contentType || "no content type"}".`,
    );
  }
  try {
    assertContentLength(request, options.maxBytes);
  } catch (error) {
    await request.body?.cancel().catch(() => undefined);
    throw error;
  }
  if (!request.body) {
    throw badMultipart(`The request has no body. Send the file in the field "${options.fileField}".`);
  }

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      limits: {
        files: 1,
        fields: options.textFields.length + 5,
        parts: options.textFields.length + 6,
        fieldSize: options.maxFieldBytes ?? 16 * 1024,
        // One byte over the limit, so storage receives the excess and fails.
        fileSize: options.maxBytes + 1,
      },
    });
  } catch (error) {
    throw badMultipart(`Invalid multipart content type: ${(error as Error).message}`, error);
  }

  const source = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
  return new Promise<MultipartUpload>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let fileName = "upload";
    let fileStream: Readable | undefined;
    let storing: Promise<StoredFile> | undefined;
    let settled = false;

    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      source.unpipe(parser);
      source.destroy();
      // Aborts the storage pipeline, which deletes its temporary file.
      fileStream?.destroy(error instanceof Error ? error : new Error(String(error)));
      parser.removeAllListeners();
      parser.on("error", () => undefined);
      parser.destroy();
      const settle = storing ? storing.catch(() => undefined) : Promise.resolve();
      void settle.then(() => reject(error));
    };

    parser.on("file", (name, stream, info) => {
      if (name !== options.fileField || storing) {
        // busboy errors the skipped stream when parsing stops early.
        stream.on("error", () => undefined);
        stream.resume();
        fail(
          badMultipart(
            storing
              ? `Send one file per request; got a second file in the field "${name}".`
              : `Unexpected file field "${name}": send the file in the field "${options.fileField}".`,
          ),
        );
        return;
      }
      fileName = cleanFileName(info.filename);
      fileStream = stream;
      // storeUpload attaches its pipeline after an await, so an error that
      // busboy raises in between would otherwise be unhandled. The pipeline
      // still receives the error because the stream stays destroyed.
      stream.on("error", () => undefined);
      storing = storeUpload(stream, {
        maxBytes: options.maxBytes,
        dataDir: options.dataDir,
      });
      storing.catch((error: unknown) => {
        // busboy fails the file stream first when the body ends early.
        fail(
          error instanceof AppError
            ? error
            : badMultipart(`The multipart body is malformed: ${(error as Error).message}`, error),
        );
      });
    });

    parser.on("field", (name, value, info) => {
      if (name === options.fileField) {
        fail(
          badMultipart(
            `The field "${name}" must be a file part with a file name, e.g. curl -F "${name}=@predictions.csv".`,
          ),
        );
        return;
      }
      if (info.valueTruncated) {
        fail(badMultipart(`The field "${name}" is too long.`));
        return;
      }
      if (options.textFields.includes(name)) fields[name] = value;
    });

    const tooMany = () => fail(badMultipart("The multipart body has too many parts."));
    parser.on("partsLimit", tooMany);
    parser.on("filesLimit", tooMany);
    parser.on("fieldsLimit", tooMany);
    parser.on("error", (error) => {
      fail(badMultipart(`The multipart body is malformed: ${(error as Error).message}`, error));
    });
    source.on("error", (error) => {
      fail(badMultipart("Reading the request body failed.", error));
    });

    parser.on("close", () => {
      if (settled) return;
      if (!storing) {
        fail(badMultipart(`Missing the file: send it in the multipart field "${options.fileField}".`));
        return;
      }
      storing.then(
        (stored) => {
          if (settled) return;
          settled = true;
          resolve({ file: { ...stored, fileName }, fields });
        },
        fail,
      );
    });

    source.pipe(parser);
  });
}
