import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

import yauzl from "yauzl";

import { ModelSubmissionError } from "./errors";

/** Limits applied to a zip archive before anything is extracted. */
export interface ZipLimits {
  maxEntries: number;
  /** Sum of the declared uncompressed sizes of all entries, in bytes. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of an entry above 1 MiB. */
  maxRatio: number;
}

export const defaultZipLimits: ZipLimits = {
  maxEntries: 200,
  maxTotalBytes: 512 * 1024 * 1024,
  maxRatio: 100,
};

/** Entries smaller than this skip the ratio check (text compresses well). */
const ratioCheckMinBytes = 1024 * 1024;

export interface ZipEntryInfo {
  /** The entry's path inside the archive, with forward slashes. */
  name: string;
  directory: boolean;
  uncompressedSize: number;
  compressedSize: number;
}

export interface ExtractedZip {
  /** A fresh folder with the extracted files, which the caller removes. */
  dir: string;
  entries: ZipEntryInfo[];
}

const fileTypeMask = 0o170000;
const regularFileType = 0o100000;
const directoryType = 0o040000;
const symlinkType = 0o120000;
/** The "version made by" host value of Unix, whose mode sits in the high bits. */
const unixHost = 3;

function unsafe(zipName: string, message: string): ModelSubmissionError {
  return new ModelSubmissionError(
    "unsafe_zip",
    `${message} Upload a zip that contains only model.json and its weight files, with plain relative paths.`,
    { file: zipName },
  );
}

function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      zipPath,
      {
        lazyEntries: true,
        autoClose: false,
        decodeStrings: false,
        validateEntrySizes: true,
      },
      (error, zipfile) => (error ? reject(error) : resolve(zipfile)),
    );
  });
}

/** Returns the reason a decoded entry name is unsafe, or null. */
export function checkEntryName(name: string): string | null {
  if (name.length === 0) return "has an empty name";
  if (name.includes("\0")) return "has a NUL character in its name";
  if (name.includes("\\")) return "uses a backslash in its path";
  if (name.startsWith("/")) return "has an absolute path";
  if (/^[A-Za-z]:/.test(name)) return "has a drive letter in its path";
  if (name.split("/").includes("..")) return "has a '..' segment in its path";
  return null;
}

function entryFileType(entry: yauzl.Entry): number {
  if (entry.versionMadeBy >> 8 !== unixHost) return 0;
  return (entry.externalFileAttributes >>> 16) & fileTypeMask;
}

/** Decodes and checks one entry; throws on the first unsafe property. */
function describeEntry(
  zipName: string,
  entry: yauzl.Entry,
  limits: ZipLimits,
): ZipEntryInfo {
  const name = yauzl.getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    entry.fileNameRaw,
    entry.extraFields,
    true,
  );
  const shown = JSON.stringify(name.slice(0, 200));
  const nameProblem = checkEntryName(name);
  if (nameProblem) throw unsafe(zipName, `Zip entry ${shown} ${nameProblem}.`);

  const type = entryFileType(entry);
  if (type === symlinkType) {
    throw unsafe(zipName, `Zip entry ${shown} is a symbolic link; links are not accepted.`);
  }
  const directory = name.endsWith("/") || type === directoryType;
  if (type !== 0 && type !== regularFileType && type !== directoryType) {
    throw unsafe(zipName, `Zip entry ${shown} is not a regular file or folder.`);
  }
  if (entry.isEncrypted()) {
    throw unsafe(zipName, `Zip entry ${shown} is encrypted.`);
  }
  if (!directory && !entry.canDecodeFileData()) {
    throw unsafe(
      zipName,
      `Zip entry ${shown} uses compression method ${entry.compressionMethod}; only stored and deflate are supported.`,
    );
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > ratioCheckMinBytes && ratio > limits.maxRatio) {
    throw unsafe(
      zipName,
      `Zip entry ${shown} expands ${Math.round(ratio)} times (limit ${limits.maxRatio}), which looks like a zip bomb.`,
    );
  }
  return {
    name: directory ? name.replace(/\/+$/, "") : name,
    directory,
    uncompressedSize: entry.uncompressedSize,
    compressedSize: entry.compressedSize,
  };
}

/** Collapses `./` segments and repeated slashes, for duplicate detection. */
function normalizeEntryName(name: string): string {
  return name
    .split("/")
    .filter((segment) => segment !== "" && segment !== ".")
    .join("/");
}

/**
 * Reads the central directory and checks every entry: names (no `..`,
 * absolute paths, drive letters or backslashes), file types (no links or
 * devices), encryption, the entry count, the total uncompressed size, the
 * compression ratio and duplicate names. Throws ModelSubmissionError
 * ("unsafe_zip") on the first problem; extracts nothing.
 */
async function readCheckedEntries(
  zipfile: yauzl.ZipFile,
  zipName: string,
  limits: ZipLimits,
): Promise<{ info: ZipEntryInfo; entry: yauzl.Entry }[]> {
  if (zipfile.entryCount > limits.maxEntries) {
    throw unsafe(
      zipName,
      `The zip has ${zipfile.entryCount} entries, over the limit of ${limits.maxEntries}.`,
    );
  }
  const checked: { info: ZipEntryInfo; entry: yauzl.Entry }[] = [];
  const seen = new Set<string>();
  let totalBytes = 0;
  await new Promise<void>((resolve, reject) => {
    zipfile.on("error", reject);
    zipfile.on("end", () => resolve());
    zipfile.on("entry", (entry: yauzl.Entry) => {
      try {
        const info = describeEntry(zipName, entry, limits);
        const key = normalizeEntryName(info.name);
        if (seen.has(key)) {
          throw unsafe(zipName, `Zip entry ${JSON.stringify(info.name)} appears twice.`);
        }
        seen.add(key);
        totalBytes += info.uncompressedSize;
        if (totalBytes > limits.maxTotalBytes) {
          throw unsafe(
            zipName,
            `The zip expands to more than ${formatMiB(limits.maxTotalBytes)}, the limit.`,
          );
        }
        checked.push({ info: { ...info, name: key }, entry });
        zipfile.readEntry();
      } catch (error) {
        reject(error);
      }
    });
    zipfile.readEntry();
  });
  return checked;
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

/** Stops a stream that yields more bytes than the entry declared. */
function byteLimit(limit: number, onExceeded: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(onExceeded());
      else callback(null, chunk);
    },
  });
}

function invalidZip(zipName: string, cause: unknown): ModelSubmissionError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ModelSubmissionError(
    "invalid_model",
    `The file is not a readable zip archive (${detail}). Upload the TensorFlow.js model as a zip of model.json and its weight files.`,
    { file: zipName, cause },
  );
}

/**
 * Lists a zip's entries after the checks of `extractZip`, without
 * extracting anything.
 */
export async function listZipEntries(
  zipPath: string,
  options: { displayName?: string; limits?: ZipLimits } = {},
): Promise<ZipEntryInfo[]> {
  const zipName = options.displayName ?? path.basename(zipPath);
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await openZip(zipPath);
  } catch (error) {
    throw invalidZip(zipName, error);
  }
  try {
    const checked = await readCheckedEntries(
      zipfile,
      zipName,
      options.limits ?? defaultZipLimits,
    );
    return checked.map(({ info }) => info);
  } catch (error) {
    throw error instanceof ModelSubmissionError ? error : invalidZip(zipName, error);
  } finally {
    zipfile.close();
  }
}

/**
 * Checks every entry of a zip (see `readCheckedEntries`) and only then
 * extracts the archive into a fresh folder under `parentDir` (the system
 * temporary folder by default). Each file is created new (never through
 * an existing path) and its size is held to the size the archive declared.
 * On any error the partial folder is removed.
 */
export async function extractZip(
  zipPath: string,
  options: { displayName?: string; limits?: ZipLimits; parentDir?: string } = {},
): Promise<ExtractedZip> {
  const zipName = options.displayName ?? path.basename(zipPath);
  const limits = options.limits ?? defaultZipLimits;
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await openZip(zipPath);
  } catch (error) {
    throw invalidZip(zipName, error);
  }
  let dir: string | undefined;
  try {
    const checked = await readCheckedEntries(zipfile, zipName, limits);
    dir = await mkdtemp(path.join(options.parentDir ?? os.tmpdir(), "model-zip-"));
    for (const { info, entry } of checked) {
      await extractEntry(zipfile, zipName, dir, info, entry);
    }
    return { dir, entries: checked.map(({ info }) => info) };
  } catch (error) {
    if (dir) await rm(dir, { recursive: true, force: true });
    throw error instanceof ModelSubmissionError ? error : invalidZip(zipName, error);
  } finally {
    zipfile.close();
  }
}

async function extractEntry(
  zipfile: yauzl.ZipFile,
  zipName: string,
  dir: string,
  info: ZipEntryInfo,
  entry: yauzl.Entry,
): Promise<void> {
  const target = path.resolve(dir, info.name);
  // The name checks already rule this out; this guards the join itself.
  if (!target.startsWith(dir + path.sep)) {
    throw unsafe(zipName, `Zip entry ${JSON.stringify(info.name)} leaves the folder.`);
  }
  if (info.directory) {
    await mkdir(target, { recursive: true, mode: 0o700 });
    return;
  }
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const source = await zipfile.openReadStreamPromise(entry);
  const limit = byteLimit(info.uncompressedSize, () =>
    unsafe(zipName, `Zip entry ${JSON.stringify(info.name)} is larger than it declares.`),
  );
  await pipeline(source, limit, createWriteStream(target, { flags: "wx", mode: 0o600 }));
}
