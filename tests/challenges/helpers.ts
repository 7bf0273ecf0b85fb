import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { loadBundle } from "../../lib/challenge/load";
import { getChallengeData } from "../../lib/course/registry";
import { scoreSubmission, type ScoreResult } from "../../lib/scoring/index";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The real course files: `../shared/data` next to the repository, in CI as
 * on the development machine. Tests that need them skip when it is absent.
 */
export const sharedDataDir = path.resolve(repoRoot, "../shared/data");

export function realFile(relative: string): string | undefined {
  const file = path.join(sharedDataDir, relative);
  return existsSync(file) ? file : undefined;
}

export function missingReason(relative: string): string {
  return `real data ${path.join(sharedDataDir, relative)} not found`;
}

const generated = new Set(["public", "hidden"]);

/**
 * Copies a bundle's committed files to a temporary folder, so generating
 * or importing data never touches the repository's bundle folders. The
 * copy sits at `<tmp>/challenges/<slug>` beside links to the repository's
 * `lib` and `node_modules`, so an objective module's imports resolve.
 */
export function copyBundle(slug: string): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), "arena-challenge-test-"));
  const dir = path.join(root, "challenges", slug);
  const source = path.join(repoRoot, "challenges", slug);
  for (const entry of readdirSync(source)) {
    if (generated.has(entry) || entry.startsWith(".data-build-")) continue;
    cpSync(path.join(source, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(repoRoot, "lib"), path.join(root, "lib"));
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"));
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Generates a bundle's demo data with its default seed in a fresh copy. */
export async function demoBundle(slug: string, seed?: number): Promise<{ dir: string; cleanup: () => void }> {
  const copy = copyBundle(slug);
  const data = getChallengeData(slug);
  if (!data) throw new Error(`no generator for ${slug}`);
  await data.generate({ bundleDir: copy.dir, seed: seed ?? data.defaultSeed });
  return copy;
}

/** Imports real data into a fresh copy with the default seed. */
export async function importedBundle(slug: string, from: string): Promise<{ dir: string; cleanup: () => void }> {
  const copy = copyBundle(slug);
  const data = getChallengeData(slug);
  if (!data) throw new Error(`no importer for ${slug}`);
  await data.importFrom({ bundleDir: copy.dir, from, seed: data.defaultSeed });
  return copy;
}

export async function scoreFile(bundleDir: string, file: string): Promise<ScoreResult> {
  return scoreSubmission(loadBundle(bundleDir, { requireData: true }), file);
}

/** Writes text to a file in the bundle's folder and returns the path. */
export function writeSubmission(bundleDir: string, name: string, text: string): string {
  const file = path.join(bundleDir, name);
  writeFileSync(file, text);
  return file;
}

/** Parses a small CSV (no quoted fields) into rows of named cells. */
export function readRows(file: string): Record<string, string>[] {
  const [headerLine, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const header = (headerLine ?? "").split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""]));
  });
}

/** Reads a committed fixture of expected values. */
export function readFixture<T>(slug: string): T {
  return JSON.parse(readFileSync(path.join(repoRoot, "tests/fixtures/challenges", `${slug}.json`), "utf8")) as T;
}

/** Asserts |actual - expected| <= 1e-9 |expected| (absolute 1e-12 near 0). */
export function assertClose(actual: number, expected: number, what: string): void {
  const tolerance = Math.max(1e-9 * Math.abs(expected), 1e-12);
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`${what}: expected ${expected}, got ${actual} (difference ${actual - expected})`);
  }
}
