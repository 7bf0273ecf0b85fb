import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Database } from "@/db";
import { challenges, users, type Challenge, type User } from "@/db/schema";
import type { ChallengeDefinition } from "@/lib/challenge/definition";
import { loadBundle } from "@/lib/challenge/load";

/** The folder of the server tests' bundles. */
export const fixtureBundlesDir = path.join(process.cwd(), "tests/fixtures/server/bundles");

/** Copies the fixture bundles to a temporary folder that a test may change. */
export function copyFixtureBundles(): string {
  const root = mkdtempSync(path.join(tmpdir(), "arena-bundles-"));
  cpSync(fixtureBundlesDir, root, { recursive: true });
  return root;
}

let userCounter = 0;

/** Inserts a student (or staff) user with a unique email. */
export async function insertUser(
  db: Database,
  options: { name?: string; role?: User["role"] } = {},
): Promise<User> {
  userCounter += 1;
  const name = options.name ?? `Student ${userCounter}`;
  const rows = await db
    .insert(users)
    .values({
      email: `user${userCounter}-${Date.now()}@example.edu`,
      name,
      role: options.role ?? "student",
    })
    .returning();
  const user = rows[0];
  if (!user) throw new Error("inserting a user returned no row");
  return user;
}

/**
 * Inserts a challenge row for the tiny-auc fixture bundle, with a new slug
 * and the given changes to its definition and phase.
 */
export async function insertChallenge(
  db: Database,
  options: {
    slug?: string;
    change?: (definition: ChallengeDefinition) => ChallengeDefinition;
    opensAt?: Date;
    closesAt?: Date;
    bundlePath?: string;
  } = {},
): Promise<Challenge> {
  const bundle = loadBundle(options.bundlePath ?? path.join(fixtureBundlesDir, "tiny-auc"));
  const definition = options.change ? options.change(structuredClone(bundle.definition)) : bundle.definition;
  const rows = await db
    .insert(challenges)
    .values({
      slug: options.slug ?? `tiny-auc-${Math.random().toString(36).slice(2, 10)}`,
      title: definition.title,
      bundlePath: bundle.dir,
      definition,
      opensAt: options.opensAt ?? new Date(definition.phase.opens),
      closesAt: options.closesAt ?? new Date(definition.phase.closes),
    })
    .returning();
  const challenge = rows[0];
  if (!challenge) throw new Error("inserting a challenge returned no row");
  return challenge;
}
