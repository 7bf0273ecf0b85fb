import { createWriteStream, existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";

import { definitionFileNames, loadBundle } from "../../challenge/load";
import { BundleError } from "../../challenge/errors";
import { SubmissionError } from "../../reader/errors";
import type { ChallengeData } from "../../course/challenge-data";
import { SourceFormatError } from "../../course/csv-reader";
import { hasData, readDataSource } from "../../course/data-folders";
import { getChallengeData } from "../../course/registry";
import { scoreSubmission } from "../../scoring/index";
import { getConfig } from "../../server/config";

export const summary = "Generate, import and validate the challenge bundles' data";

const help = `Usage:
  arena challenges prepare [--force]
  arena challenges generate <slug> [--rows N] [--seed S]
  arena challenges import <slug> --from <path or http(s) URL> [--seed S]
  arena challenges validate [slug]

prepare    Generates the demo data of every bundle in ARENA_CHALLENGES_DIR
           (default ./challenges) that has none yet; --force regenerates all.
generate   Generates one bundle's synthetic demo data. --rows sets the size
           of its main sample in rows (each bundle's data page says which);
           --seed the generator's seed (an integer).
import     Builds one bundle's data and answer key from the real files. An
           http(s) URL is downloaded to a temporary file first. --seed sets
           the seed of the train/test and public/private splits.
validate   Loads each bundle (or one), checks its definition, pages and data
           files, scores its baseline submission, and prints where its
           data came from. Exits with status 1 if any bundle is invalid.

The data go to the bundle's public/ and hidden/ folders, replacing what is
there only when the new data are complete.`;

interface Options {
  force: boolean;
  rows: number | undefined;
  seed: number | undefined;
  from: string | undefined;
}

class UsageError extends Error {}

function parseOptions(args: string[]): { positionals: string[]; options: Options } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      force: { type: "boolean", default: false },
      rows: { type: "string" },
      seed: { type: "string" },
      from: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) throw new UsageError("");
  const integer = (name: string, text: string | undefined, min: number) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < min) {
      throw new UsageError(`--${name} must be an integer of at least ${min}, got "${text}"`);
    }
    return value;
  };
  return {
    positionals,
    options: {
      force: values.force ?? false,
      rows: integer("rows", values.rows, 1),
      seed: integer("seed", values.seed, 0),
      from: values.from,
    },
  };
}

function bundleFolders(root: string): string[] {
  if (!existsSync(root)) throw new UsageError(`challenges folder "${root}" not found (ARENA_CHALLENGES_DIR)`);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(root, entry.name))
    .filter((dir) => definitionFileNames.some((name) => existsSync(path.join(dir, name))))
    .sort();
}

function requireData(slug: string | undefined): ChallengeData {
  if (!slug) throw new UsageError("give the challenge's slug");
  const data = getChallengeData(slug);
  if (!data) throw new UsageError(`no generator or importer for challenge "${slug}"`);
  return data;
}

function bundleDirOf(root: string, slug: string): string {
  const dir = path.join(root, slug);
  if (!existsSync(dir)) throw new UsageError(`bundle folder "${dir}" not found`);
  return dir;
}

async function prepare(root: string, force: boolean): Promise<number> {
  for (const dir of bundleFolders(root)) {
    const slug = path.basename(dir);
    const data = getChallengeData(slug);
    if (!data) {
      console.log(`${slug}: no generator; skipped`);
      continue;
    }
    if (!force && (await hasData(dir))) {
      console.log(`${slug}: data present; skipped`);
      continue;
    }
    const started = Date.now();
    const source = await data.generate({ bundleDir: dir, seed: data.defaultSeed });
    console.log(`${slug}: ${source.description} (${Date.now() - started} ms)`);
  }
  return 0;
}

/** Downloads an http(s) URL to a temporary file, keeping its file name. */
async function download(url: URL): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "arena-import-"));
  const name = path.basename(url.pathname) || "download";
  const file = path.join(dir, name);
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const response = await fetch(url);
    if (!response.ok || !response.body) {
      throw new SourceFormatError(`${url.href}: download failed with HTTP status ${response.status}`);
    }
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), createWriteStream(file));
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { file, cleanup };
}

async function importData(root: string, slug: string | undefined, options: Options): Promise<number> {
  const data = requireData(slug);
  const dir = bundleDirOf(root, data.slug);
  if (!options.from) throw new UsageError(`give --from: ${data.importSource}`);
  const url = /^https?:\/\//i.test(options.from) ? new URL(options.from) : undefined;
  const fetched = url ? await download(url) : undefined;
  try {
    const source = await data.importFrom({
      bundleDir: dir,
      from: fetched?.file ?? path.resolve(options.from),
      seed: options.seed ?? data.defaultSeed,
    });
    console.log(`${data.slug}: ${source.description}`);
    for (const [file, rows] of Object.entries(source.rows)) console.log(`  ${file}: ${rows} rows`);
  } finally {
    await fetched?.cleanup();
  }
  return 0;
}

async function generateData(root: string, slug: string | undefined, options: Options): Promise<number> {
  const data = requireData(slug);
  const dir = bundleDirOf(root, data.slug);
  const started = Date.now();
  const source = await data.generate({
    bundleDir: dir,
    seed: options.seed ?? data.defaultSeed,
    rows: options.rows,
  });
  console.log(`${data.slug}: ${source.description} (${Date.now() - started} ms)`);
  for (const [file, rows] of Object.entries(source.rows)) console.log(`  ${file}: ${rows} rows`);
  return 0;
}

async function validate(root: string, slug: string | undefined): Promise<number> {
  const dirs = slug ? [bundleDirOf(root, slug)] : bundleFolders(root);
  let failures = 0;
  for (const dir of dirs) {
    const name = path.basename(dir);
    try {
      const bundle = loadBundle(dir);
      if (!bundle.dataReady) {
        failures++;
        console.log(`${name}: invalid: missing data ${bundle.missingData.join(", ")}`);
        continue;
      }
      const source = await readDataSource(dir);
      let baseline = "no baseline";
      if (bundle.baselineFile) {
        const result = await scoreSubmission(bundle, bundle.baselineFile);
        const checks = result.checks.map((check) => `${check.name} ${check.passed ? "passed" : "failed"}`);
        baseline = `baseline ${result.metric} public ${result.publicScore}, private ${result.privateScore}`;
        if (checks.length > 0) baseline += ` (${checks.join(", ")})`;
      }
      console.log(`${name}: valid; ${baseline}`);
      console.log(`  data: ${source?.description ?? "of unknown origin (no hidden/source.json)"}`);
    } catch (error) {
      if (!(error instanceof BundleError) && !(error instanceof SubmissionError)) throw error;
      failures++;
      console.log(`${name}: invalid: ${error.message}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

export async function run(args: string[]): Promise<number> {
  try {
    const { positionals, options } = parseOptions(args);
    const [action, slug] = positionals;
    const root = getConfig().challengesDir;
    switch (action) {
      case "prepare":
        return await prepare(root, options.force);
      case "generate":
        return await generateData(root, slug, options);
      case "import":
        return await importData(root, slug, options);
      case "validate":
        return await validate(root, slug);
      default:
        throw new UsageError(
          action
            ? `unknown action "${action}"`
            : "give an action: prepare, generate, import or validate",
        );
    }
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) console.error(`arena challenges: ${error.message}`);
      console.error(help);
      return error.message ? 2 : 0;
    }
    if (error instanceof SourceFormatError) {
      console.error(`arena challenges: invalid import source: ${error.message}`);
      return 2;
    }
    if (
      error instanceof TypeError &&
      "code" in error &&
      String(error.code).startsWith("ERR_PARSE_ARGS")
    ) {
      console.error(`arena challenges: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
