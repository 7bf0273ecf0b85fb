import { readFile } from "node:fs/promises";
import path from "node:path";

import { notFound } from "next/navigation";

import type { Challenge } from "@/db/schema";
import type { ChallengeDefinition } from "@/lib/challenge/definition";
import {
  challengeDirection,
  challengeStatus,
  effectiveCloseTime,
  getChallengeBySlug,
  getDefinition,
  type ChallengeStatus,
} from "@/lib/server/challenges";

/** A challenge row with its parsed definition and current status. */
export interface ChallengeView {
  row: Challenge;
  definition: ChallengeDefinition;
  status: ChallengeStatus;
  /** When submissions stop: the early close if staff set one. */
  closesAt: Date;
  direction: "maximize" | "minimize";
}

export type BundlePage = keyof ChallengeDefinition["pages"];

/** Builds the view of a challenge row; the definition was validated on load. */
export function toChallengeView(row: Challenge, now = new Date()): ChallengeView {
  const definition = getDefinition(row);
  return {
    row,
    definition,
    status: challengeStatus(row, now),
    closesAt: effectiveCloseTime(row),
    direction: challengeDirection(definition),
  };
}

/** Loads a challenge by slug, or renders the 404 page. */
export async function loadChallengeView(slug: string): Promise<ChallengeView> {
  const row = await getChallengeBySlug(slug);
  if (!row) notFound();
  return toChallengeView(row);
}

/**
 * Resolves a path from the definition inside the bundle folder. Returns
 * undefined when it would leave the folder, which the loader already
 * rejects, so this is a second check.
 */
export function resolveInBundle(
  view: ChallengeView,
  relativePath: string,
): string | undefined {
  const root = path.resolve(view.row.bundlePath);
  const full = path.resolve(root, relativePath);
  if (full !== root && !full.startsWith(root + path.sep)) return undefined;
  return full;
}

/** Reads one of the bundle's markdown pages. */
export async function readBundlePage(
  view: ChallengeView,
  page: BundlePage,
): Promise<string> {
  const file = resolveInBundle(view, view.definition.pages[page]);
  if (!file) throw new Error(`The ${page} page path leaves the bundle folder.`);
  return readFile(/*turbopackIgnore: true*/ file, "utf8");
}

/** Returns the download URL of a public file, by its path in the definition. */
export function publicFileHref(slug: string, relativePath: string): string {
  const encoded = relativePath.split("/").map(encodeURIComponent).join("/");
  return `/challenges/${encodeURIComponent(slug)}/files/${encoded}`;
}

/**
 * Returns a resolver for markdown links: a name matches a public file by
 * its full path in the definition or by its base name.
 */
export function publicFileResolver(view: ChallengeView) {
  return (name: string): string | undefined => {
    const match = offeredPublicFiles(view).find(
      (file) => file.path === name || path.posix.basename(file.path) === name,
    );
    return match ? publicFileHref(view.row.slug, match.path) : undefined;
  };
}

/**
 * Lists the public files offered for download. A challenge that accepts only
 * models runs them on the test features itself, so it never offers the
 * feature file even if the definition lists it.
 */
export function offeredPublicFiles(
  view: ChallengeView,
): ChallengeDefinition["public_files"] {
  const { definition } = view;
  const modelOnly = definition.kinds.every((kind) => kind === "model");
  const featuresFile = definition.model?.features_file;
  return definition.public_files.filter(
    (file) => !(modelOnly && featuresFile && file.path === featuresFile),
  );
}
