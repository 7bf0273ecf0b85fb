import { createHash, randomBytes } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";

import { AppError } from "@/lib/errors";
import { getConfig } from "@/lib/server/config";

/** An uploaded file stored under its SHA-256. */
export interface StoredFile {
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
  /** Size in bytes. */
  size: number;
  /** Absolute path of the stored file. */
  path: string;
}

export interface StorageOptions {
  /** The data folder; defaults to ARENA_DATA_DIR. */
  dataDir?: string;
  /** Largest accepted size in bytes; defaults to ARENA_MAX_UPLOAD_MB. */
  maxBytes?: number;
}

const sha256Pattern = /^[0-9a-f]{64}$/;

function uploadsDir(dataDir: string | undefined): string {
  return path.join(dataDir ?? getConfig().dataDir, "uploads");
}

function formatMebibytes(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return `${Number(mebibytes.toFixed(2))} MiB`;
}

export function uploadTooLargeError(maxBytes: number): AppError {
  return new AppError(
    "payload_too_large:upload",
    `The file is larger than the limit of ${formatMebibytes(maxBytes)}. ` +
      "Compress it (a .csv.gz is accepted where the challenge allows it) or " +
      "remove unneeded columns, then upload it again.",
  );
}

/**
 * Passes bytes through while hashing and counting them, and fails with
 * `payload_too_large:upload` as soon as the count passes `maxBytes`.
 */
class HashingLimit extends Transform {
  readonly hash = createHash("sha256");
  size = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      callback(uploadTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }
}

/**
 * Streams an upload to `<data>/uploads/<sha256[0:2]>/<sha256>` while hashing
 * and counting it, so the file is never held in memory whole. The bytes go
 * to a temporary file first, which is renamed once complete, or deleted
 * when the stream fails or passes the size limit.
 */
export async function storeUpload(
  source: Readable | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: StorageOptions = {},
): Promise<StoredFile> {
  const root = uploadsDir(options.dataDir);
  const maxBytes = options.maxBytes ?? getConfig().maxUploadBytes;
  const tempDir = path.join(root, "tmp");
  await mkdir(tempDir, { recursive: true });
  const tempPath = path.join(tempDir, `${randomBytes(12).toString("hex")}.part`);

  const input =
    source instanceof Readable
      ? source
      : Readable.from(source as AsyncIterable<Uint8Array>, { objectMode: false });
  const limit = new HashingLimit(maxBytes);
  // The file is created before any byte flows: a write stream that opens
  // its file lazily could create it after a failure had been cleaned up.
  const file = await open(tempPath, "wx", 0o600);
  const output = file.createWriteStream();
  try {
    await pipeline(input, limit, output);
  } catch (error) {
    output.destroy();
    await rm(tempPath, { force: true });
    throw error;
  }

  const sha256 = limit.hash.digest("hex");
  const finalPath = storedFilePath(sha256, options.dataDir);
  await mkdir(path.dirname(finalPath), { recursive: true });
  // The same content may already be stored: the rename replaces it with
  // identical bytes, which is harmless.
  await rename(tempPath, finalPath);
  return { sha256, size: limit.size, path: finalPath };
}

/**
 * Returns the path of a stored file. Throws `bad_request:sha256` for a
 * value that is not a SHA-256 in hex, so no caller can build a path
 * outside the uploads folder.
 */
export function storedFilePath(sha256: string, dataDir?: string): string {
  if (!sha256Pattern.test(sha256)) {
    throw new AppError(
      "bad_request:sha256",
      `Invalid file hash "${sha256.slice(0, 80)}": expected 64 lower-case hex digits.`,
    );
  }
  return path.join(uploadsDir(dataDir), sha256.slice(0, 2), sha256);
}

/** Opens a stored file for reading; throws `not_found:upload` if absent. */
export async function openStoredFile(sha256: string, dataDir?: string): Promise<ReadStream> {
  const filePath = storedFilePath(sha256, dataDir);
  try {
    await stat(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new AppError("not_found:upload", `The stored file ${sha256} was not found.`, {
        cause: error,
      });
    }
    throw error;
  }
  return createReadStream(filePath);
}
