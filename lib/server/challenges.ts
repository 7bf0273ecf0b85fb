import { createHash } from "node:crypto";
import { createReadStream, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";

import { getDb, type Database, type Transaction } from "@/db";
import { challenges, submissions, type Challenge } from "@/db/schema";
import type { Bundle } from "@/lib/challenge/bundle";
import type { ChallengeDefinition, SubmissionKind } from "@/lib/challenge/definition";
import { definitionFileNames, loadBundle } from "@/lib/challenge/load";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { getConfig } from "@/lib/server/config";
import { enqueueScoring } from "@/lib/server/queue";
import { storeUpload } from "@/lib/server/storage";
import { getMetric, type Direction } from "@/scorers";

export type ChallengeStatus = "upcoming" | "open" | "closed";

/** Default number of final submissions a team may select. */
export const defaultFinalSelections = 2;

/** Returns the definition stored with a challenge row. */
export function getDefinition(challenge: Challenge): ChallengeDefinition {
  return challenge.definition as ChallengeDefinition;
}

/** Returns whether higher or lower scores rank first in the challenge. */
export function challengeDirection(definition: ChallengeDefinition): Direction {
  if (definition.parameters) return definition.parameters.direction;
  if (definition.metric?.direction) return definition.metric.direction;
  if (definition.metric) return getMetric(definition.metric.id).direction;
  throw new AppError(
    "internal:challenge_definition",
    `Challenge "${definition.slug}" declares neither a metric nor a parameter objective.`,
  );
}

/** Returns when submissions stop: the early close if staff set one. */
export function effectiveCloseTime(challenge: Challenge): Date {
  const early = challenge.closedEarlyAt;
  return early && early < challenge.closesAt ? early : challenge.closesAt;
}

/** Returns the phase of a challenge at `now`: upcoming, open or closed. */
export function challengeStatus(challenge: Challenge, now: Date = new Date()): ChallengeStatus {
  if (now < challenge.opensAt) return "upcoming";
  if (now >= effectiveCloseTime(challenge)) return "closed";
  return "open";
}

/** Lists every challenge, the earliest opening first. */
export async function listChallenges(db: Database = getDb()): Promise<Challenge[]> {
  return db.select().from(challenges).orderBy(asc(challenges.opensAt), asc(challenges.title));
}

export async function getChallengeBySlug(
  slug: string,
  db: Database | Transaction = getDb(),
): Promise<Challenge | undefined> {
  const rows = await db.select().from(challenges).where(eq(challenges.slug, slug)).limit(1);
  return rows[0];
}

export async function getChallengeById(
  id: string,
  db: Database | Transaction = getDb(),
): Promise<Challenge | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const rows = await db.select().from(challenges).where(eq(challenges.id, id)).limit(1);
  return rows[0];
}

/** Finds a challenge by slug or id; throws `not_found:challenge` if absent. */
export async function requireChallenge(
  slugOrId: { slug: string } | { id: string },
  db: Database | Transaction = getDb(),
): Promise<Challenge> {
  const challenge =
    "slug" in slugOrId
      ? await getChallengeBySlug(slugOrId.slug, db)
      : await getChallengeById(slugOrId.id, db);
  if (!challenge) {
    const key = "slug" in slugOrId ? slugOrId.slug : slugOrId.id;
    throw new AppError("not_found:challenge", `No challenge "${key}" exists.`);
  }
  return challenge;
}

/**
 * Closes a challenge now, before its scheduled close. A challenge that is
 * already closed keeps its close time. Returns the updated row.
 */
export async function closeChallengeEarly(
  id: string,
  now: Date = new Date(),
  db: Database = getDb(),
): Promise<Challenge> {
  const challenge = await requireChallenge({ id }, db);
  if (challengeStatus(challenge, now) === "closed") return challenge;
  const updated = await db
    .update(challenges)
    .set({ closedEarlyAt: now })
    .where(eq(challenges.id, id))
    .returning();
  logger.info({ challengeId: id, closedAt: now.toISOString() }, "closed a challenge early");
  return updated[0] ?? challenge;
}

/** Returns the scoring time limit of one attempt for a kind, if the challenge sets one. */
export function scoringTimeLimitSeconds(
  definition: ChallengeDefinition,
  kind: SubmissionKind,
): number | undefined {
  // A model runs under its own time limit; loading and scoring its output
  // needs time on top of that.
  if (kind === "model" && definition.model) return Math.ceil(definition.model.time_limit_s) + 120;
  return undefined;
}

/**
 * SHA-256 of the definition file and the baseline file, so that a change
 * of either scores the baseline again.
 */
function bundleVersion(bundle: Bundle): string {
  const hash = createHash("sha256");
  hash.update(readFileSync(bundle.definitionFile));
  if (bundle.baselineFile && existsSync(bundle.baselineFile)) {
    hash.update(readFileSync(bundle.baselineFile));
  }
  return hash.digest("hex");
}

function baselineKind(definition: ChallengeDefinition): SubmissionKind {
  if (definition.kinds.includes("predictions")) return "predictions";
  if (definition.kinds.includes("parameters")) return "parameters";
  return definition.kinds[0] ?? "predictions";
}

async function upsertChallenge(bundle: Bundle, db: Database): Promise<Challenge> {
  const definition = bundle.definition;
  const values = {
    slug: bundle.slug,
    title: definition.title,
    bundlePath: bundle.dir,
    definition,
    opensAt: new Date(definition.phase.opens),
    closesAt: new Date(definition.phase.closes),
    loadedAt: new Date(),
  };
  const rows = await db
    .insert(challenges)
    .values(values)
    .onConflictDoUpdate({ target: challenges.slug, set: values })
    .returning();
  const row = rows[0];
  if (!row) throw new Error(`Saving challenge "${bundle.slug}" returned no row.`);
  return row;
}

/**
 * Replaces a challenge's benchmark row with a new one for its baseline
 * file and queues it for scoring. Returns the new submission id.
 */
async function queueBaseline(
  bundle: Bundle,
  challenge: Challenge,
  version: string,
  db: Database,
): Promise<string | undefined> {
  const baseline = bundle.definition.baseline;
  if (!baseline || !bundle.baselineFile) return undefined;
  if (!existsSync(bundle.baselineFile)) {
    logger.warn(
      { slug: bundle.slug, baselineFile: bundle.baselineFile },
      "the baseline file is missing, so the benchmark row waits for the data to be generated",
    );
    return undefined;
  }
  const stored = await storeUpload(createReadStream(bundle.baselineFile), {
    maxBytes: Number.MAX_SAFE_INTEGER,
  });
  const kind = baselineKind(bundle.definition);
  const submissionId = await db.transaction(async (tx) => {
    await tx
      .delete(submissions)
      .where(
        and(
          eq(submissions.challengeId, challenge.id),
          eq(submissions.isBenchmark, true),
          isNull(submissions.teamId),
        ),
      );
    const inserted = await tx
      .insert(submissions)
      .values({
        challengeId: challenge.id,
        kind,
        description: baseline.label,
        fileName: path.basename(bundle.baselineFile ?? "baseline"),
        fileSha256: stored.sha256,
        fileSize: stored.size,
        isBenchmark: true,
        countsTowardQuota: false,
      })
      .returning({ id: submissions.id });
    await tx
      .update(challenges)
      .set({ bundleVersion: version })
      .where(eq(challenges.id, challenge.id));
    return inserted[0]?.id;
  });
  if (submissionId) {
    await enqueueScoring(submissionId, {
      timeLimitSeconds: scoringTimeLimitSeconds(bundle.definition, kind),
    });
  }
  return submissionId;
}

export interface SyncResult {
  loaded: { slug: string; id: string; baselineQueued: boolean }[];
  failed: { folder: string; message: string }[];
}

/**
 * Loads every bundle folder under ARENA_CHALLENGES_DIR (or `challengesDir`)
 * and saves it as a challenge row keyed by slug. A bundle whose definition
 * or baseline changed gets a new benchmark row, queued for scoring. An
 * invalid bundle is logged and reported in `failed`; the others still load.
 */
export async function syncBundles(
  options: { challengesDir?: string } = {},
): Promise<SyncResult> {
  const db = getDb();
  // The folder is chosen at run time, so Next.js's file tracing must not
  // try to follow it.
  const root = path.resolve(
    /*turbopackIgnore: true*/ options.challengesDir ?? getConfig().challengesDir,
  );
  const result: SyncResult = { loaded: [], failed: [] };
  if (!existsSync(root)) {
    logger.warn({ challengesDir: root }, "the challenges folder does not exist, so no bundle was loaded");
    return result;
  }

  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = path.join(/*turbopackIgnore: true*/ root, entry.name);
    const hasDefinition = definitionFileNames.some((name) =>
      existsSync(path.join(/*turbopackIgnore: true*/ folder, name)),
    );
    if (!hasDefinition) continue;
    try {
      const bundle = loadBundle(folder);
      const challenge = await upsertChallenge(bundle, db);
      const version = bundleVersion(bundle);
      let baselineQueued = false;
      if (challenge.bundleVersion !== version) {
        baselineQueued = (await queueBaseline(bundle, challenge, version, db)) !== undefined;
      }
      result.loaded.push({ slug: bundle.slug, id: challenge.id, baselineQueued });
      if (!bundle.dataReady) {
        logger.warn(
          { slug: bundle.slug, missing: bundle.missingData },
          "the challenge's data is not generated yet, so its submissions cannot be scored",
        );
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result.failed.push({ folder, message });
      logger.error({ err: error, folder }, "loading a challenge bundle failed");
    }
  }
  logger.info(
    { loaded: result.loaded.map((item) => item.slug), failed: result.failed.length },
    "synced the challenge bundles",
  );
  return result;
}
