import { open, stat } from "node:fs/promises";

import type { Bundle } from "../challenge/bundle";
import { openFileSource, openGzipSource, type ByteSource } from "./csv-scanner";
import { SubmissionError } from "./errors";

const megabyte = 1024 * 1024;

/**
 * The default cap on decompressed size, as a multiple of `max_file_mb`.
 * NOTE: a chosen limit. The benchmark's submission (ids and 8-decimal
 * predictions) compresses 2.2 times, so 20 leaves room for files that
 * compress better while a gzip bomb still stops early.
 */
const defaultUncompressedFactor = 20;

/**
 * Opens a submission file as a stream of CSV bytes. The format comes from
 * the file's first bytes, not its name, because uploads are stored under
 * their hash: gzip is decompressed, zip and other archives are rejected.
 * The stored size must not exceed `limits.max_file_mb`, and a gzip file's
 * decompressed size must not exceed `limits.max_uncompressed_mb`.
 */
export async function openSubmissionFile(
  bundle: Bundle,
  filePath: string,
  displayName: string,
): Promise<ByteSource> {
  const limits = bundle.definition.limits;
  const size = (await stat(filePath)).size;
  if (size > limits.max_file_mb * megabyte) {
    throw new SubmissionError(
      "too_large",
      `the file is ${(size / megabyte).toFixed(1)} MB, above this challenge's limit of ` +
        `${limits.max_file_mb} MB; compress it as .csv.gz`,
      { file: displayName },
    );
  }

  const magic = await readMagic(filePath);
  if (magic[0] === 0x50 && magic[1] === 0x4b) {
    throw new SubmissionError(
      "unsupported_format",
      "zip archives are not accepted; upload a .csv file or a gzip-compressed .csv.gz",
      { file: displayName },
    );
  }
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return openFileSource(filePath);

  const maxMb = limits.max_uncompressed_mb ?? limits.max_file_mb * defaultUncompressedFactor;
  const source = openGzipSource(
    filePath,
    maxMb * megabyte,
    () =>
      new SubmissionError(
        "too_large",
        `the decompressed file is larger than this challenge's limit of ${maxMb} MB`,
        { file: displayName },
      ),
  );
  return {
    async read(target, offset, length) {
      try {
        return await source.read(target, offset, length);
      } catch (error) {
        if (error instanceof SubmissionError) throw error;
        throw new SubmissionError(
          "invalid_gzip",
          "the gzip data is corrupt or truncated; compress the .csv again and upload it",
          { file: displayName },
          { cause: error },
        );
      }
    },
    close: () => source.close(),
  };
}

async function readMagic(filePath: string): Promise<Uint8Array> {
  const handle = await open(filePath, "r");
  try {
    const magic = new Uint8Array(2);
    await handle.read(magic, 0, 2, 0);
    return magic;
  } finally {
    await handle.close();
  }
}
