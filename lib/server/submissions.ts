import path from "node:path";

import { and, count, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { z } from "zod";

import { getDb, type Database, type Transaction } from "@/db";
import {
  submissions,
  teamMembers,
  teams,
  users,
  type Challenge,
  type Submission,
  type Team,
} from "@/db/schema";
import type { SubmissionKind } from "@/lib/challenge/definition";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import {
  challengeStatus,
  defaultFinalSelections,
  effectiveCloseTime,
  getDefinition,
  requireChallenge,
  scoringTimeLimitSeconds,
} from "@/lib/server/challenges";
import { enqueueScoring } from "@/lib/server/queue";

export interface CreateSubmissionInput {
  /** The challenge, by slug or by id. */
  challenge: { slug: string } | { id: string };
  userId: string;
  kind: SubmissionKind;
  /** The name the participant uploaded the file under. */
  fileName: string;
  stored: { sha256: string; size: number };
  description?: string;
  /** The current time; tests set it. */
  now?: Date;
}

export interface Quota {
  limit: number;
  used: number;
  remaining: number;
  /** The next midnight UTC, when the count starts again. */
  resetsAt: Date;
}

const maxDescriptionLength = 1000;
const maxFileNameLength = 255;

/** Returns midnight UTC at the start of the day that contains `now`. */
export function utcDayStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function nextUtcMidnight(now: Date): Date {
  return new Date(utcDayStart(now).getTime() + 24 * 60 * 60 * 1000);
}

function dailyLimit(challenge: Challenge): number {
  return getDefinition(challenge).limits.daily_submissions;
}

function cleanFileName(fileName: string): string {
  const base = [...path.basename(fileName.replaceAll("\\", "/"))]
    .filter((character) => character >= " " && character !== "\u007f")
    .join("");
  return (base || "submission").slice(0, maxFileNameLength);
}

function checkOpen(challenge: Challenge, now: Date): void {
  const status = challengeStatus(challenge, now);
  if (status === "upcoming") {
    throw new AppError(
      "forbidden:challenge_not_open",
      `Challenge "${challenge.slug}" opens for submissions at ` +
        `${challenge.opensAt.toISOString()}. Submit again after that time.`,
    );
  }
  if (status === "closed") {
    throw new AppError(
      "forbidden:challenge_closed",
      `Challenge "${challenge.slug}" closed at ` +
        `${effectiveCloseTime(challenge).toISOString()} and accepts no more submissions.`,
    );
  }
}

function checkKind(challenge: Challenge, kind: SubmissionKind): void {
  const kinds = getDefinition(challenge).kinds;
  if (!kinds.includes(kind)) {
    throw new AppError(
      "bad_request:submission_kind",
      `Challenge "${challenge.slug}" does not accept ${kind} submissions. ` +
        `It accepts: ${kinds.join(", ")}.`,
    );
  }
}

/**
 * Finds the user's team in a challenge or creates a team of one, named
 * after the user. The caller must hold the lock on the user's row, so two
 * uploads cannot both create a team.
 */
async function findOrCreateTeam(
  tx: Transaction,
  user: { id: string; name: string },
  challengeId: string,
): Promise<string> {
  const membership = await tx
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.userId, user.id), eq(teamMembers.challengeId, challengeId)))
    .limit(1);
  const existing = membership[0]?.teamId;
  if (existing) return existing;

  const created = await tx
    .insert(teams)
    .values({ challengeId, name: user.name })
    .returning({ id: teams.id });
  const teamId = created[0]?.id;
  if (!teamId) throw new Error("Creating a team returned no row.");
  await tx.insert(teamMembers).values({ teamId, userId: user.id, challengeId });
  return teamId;
}

async function countUsedToday(
  db: Database | Transaction,
  teamId: string,
  now: Date,
): Promise<number> {
  const rows = await db
    .select({ used: count() })
    .from(submissions)
    .where(
      and(
        eq(submissions.teamId, teamId),
        eq(submissions.countsTowardQuota, true),
        gte(submissions.createdAt, utcDayStart(now)),
      ),
    );
  return Number(rows[0]?.used ?? 0);
}

function dailyLimitError(challenge: Challenge, limit: number, now: Date): AppError {
  const resetsAt = nextUtcMidnight(now);
  return new AppError(
    "rate_limited:daily_limit",
    `You have used all ${limit} submissions allowed per day (UTC) in challenge ` +
      `"${challenge.slug}". The limit resets at ${resetsAt.toISOString()}.`,
    { details: { limit, resetsAt: resetsAt.toISOString() } },
  );
}

/**
 * Records a submission and queues it for scoring. One transaction finds or
 * creates the user's team of one and checks that the challenge is open and
 * accepts the kind. It then counts the team's rows with
 * `counts_toward_quota` in the current UTC day against the daily limit.
 * Row locks on the user and the team are held meanwhile, so concurrent
 * uploads cannot pass the limit. Throws AppErrors:
 * `not_found:challenge`, `not_found:user`, `forbidden:challenge_not_open`,
 * `forbidden:challenge_closed`, `bad_request:submission_kind`,
 * `rate_limited:daily_limit` (details: limit, resetsAt).
 */
export async function createSubmission(input: CreateSubmissionInput): Promise<Submission> {
  const now = input.now ?? new Date();
  const description = (input.description ?? "").trim();
  if (description.length > maxDescriptionLength) {
    throw new AppError(
      "bad_request:description",
      `The description has ${description.length} characters; the maximum is ${maxDescriptionLength}.`,
    );
  }
  const db = getDb();

  const { submission, challenge } = await db.transaction(async (tx) => {
    const challenge = await requireChallenge(input.challenge, tx);
    checkOpen(challenge, now);
    checkKind(challenge, input.kind);

    const userRows = await tx
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(eq(users.id, input.userId))
      .for("update");
    const user = userRows[0];
    if (!user) throw new AppError("not_found:user", `No user with id ${input.userId} exists.`);

    const teamId = await findOrCreateTeam(tx, user, challenge.id);
    await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for("update");

    const limit = dailyLimit(challenge);
    const used = await countUsedToday(tx, teamId, now);
    if (used >= limit) throw dailyLimitError(challenge, limit, now);

    const inserted = await tx
      .insert(submissions)
      .values({
        challengeId: challenge.id,
        teamId,
        userId: user.id,
        kind: input.kind,
        description,
        fileName: cleanFileName(input.fileName),
        fileSha256: input.stored.sha256,
        fileSize: input.stored.size,
        status: "queued",
        createdAt: now,
        queuedAt: now,
      })
      .returning();
    const submission = inserted[0];
    if (!submission) throw new Error("Saving the submission returned no row.");
    return { submission, challenge };
  });

  logger.info(
    { submissionId: submission.id, challenge: challenge.slug, userId: input.userId },
    "accepted a submission",
  );
  try {
    await enqueueScoring(submission.id, {
      timeLimitSeconds: scoringTimeLimitSeconds(getDefinition(challenge), input.kind),
    });
  } catch (error) {
    // The row stays queued, and the sweeper queues a job for it later.
    logger.error({ err: error, submissionId: submission.id }, "queueing a scoring job failed");
  }
  return submission;
}

/** Returns a submission by id, or undefined for an unknown or invalid id. */
export async function getSubmissionById(
  id: string,
  db: Database = getDb(),
): Promise<Submission | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const rows = await db.select().from(submissions).where(eq(submissions.id, id)).limit(1);
  return rows[0];
}

/** Returns the user's team in a challenge, if they submitted to it. */
export async function getTeamForUser(
  userId: string,
  challengeId: string,
  db: Database = getDb(),
): Promise<Team | undefined> {
  const rows = await db
    .select({ team: teams })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.userId, userId), eq(teamMembers.challengeId, challengeId)))
    .limit(1);
  return rows[0]?.team;
}

/** Lists a team's submissions, the newest first. */
export async function listSubmissionsForTeam(
  teamId: string,
  db: Database = getDb(),
): Promise<Submission[]> {
  return db
    .select()
    .from(submissions)
    .where(eq(submissions.teamId, teamId))
    .orderBy(desc(submissions.createdAt));
}

/**
 * Lists the submissions of the user's team, the newest first: in one
 * challenge when `challengeId` is given, else in all challenges.
 */
export async function listSubmissionsForUser(
  userId: string,
  challengeId?: string,
  db: Database = getDb(),
): Promise<Submission[]> {
  const teamIds = db
    .select({ id: teamMembers.teamId })
    .from(teamMembers)
    .where(
      challengeId
        ? and(eq(teamMembers.userId, userId), eq(teamMembers.challengeId, challengeId))
        : eq(teamMembers.userId, userId),
    );
  return db
    .select()
    .from(submissions)
    .where(inArray(submissions.teamId, teamIds))
    .orderBy(desc(submissions.createdAt));
}

/** Lists every submission of a challenge for staff, the newest first. */
export async function listSubmissionsForChallenge(
  challengeId: string,
  db: Database = getDb(),
): Promise<Submission[]> {
  return db
    .select()
    .from(submissions)
    .where(eq(submissions.challengeId, challengeId))
    .orderBy(desc(submissions.createdAt));
}

/** Returns how many submissions the user may still make today (UTC). */
export async function remainingToday(
  userId: string,
  challenge: Challenge,
  now: Date = new Date(),
  db: Database = getDb(),
): Promise<Quota> {
  const limit = dailyLimit(challenge);
  const team = await getTeamForUser(userId, challenge.id, db);
  const used = team ? await countUsedToday(db, team.id, now) : 0;
  return {
    limit,
    used,
    remaining: Math.max(0, limit - used),
    resetsAt: nextUtcMidnight(now),
  };
}

/** Returns how many final submissions a team of the challenge may select. */
export function finalSelectionLimit(challenge: Challenge): number {
  return getDefinition(challenge).limits.final_selections ?? defaultFinalSelections;
}

/**
 * Replaces the user's team's final selection for the private leaderboard
 * with `submissionIds` (at most the challenge's limit, 2 by default). Each
 * must be the team's own scored submission that passed its checks, and the
 * challenge must not be closed. An empty list returns to the default: the
 * best public ones. Returns the selected submissions.
 */
export async function selectFinalSubmissions(
  userId: string,
  challenge: Challenge,
  submissionIds: string[],
  now: Date = new Date(),
): Promise<Submission[]> {
  const limit = finalSelectionLimit(challenge);
  const ids = [...new Set(submissionIds)];
  if (ids.length > limit) {
    throw new AppError(
      "bad_request:final_selection",
      `Select at most ${limit} final submissions; ${ids.length} were given.`,
    );
  }
  if (challengeStatus(challenge, now) === "closed") {
    throw new AppError(
      "forbidden:challenge_closed",
      `Challenge "${challenge.slug}" is closed, so its final selection can no longer change.`,
    );
  }
  const team = await getTeamForUser(userId, challenge.id);
  if (!team) {
    throw new AppError(
      "bad_request:final_selection",
      "You have no submissions in this challenge to select.",
    );
  }
  const validIds = ids.filter((id) => z.uuid().safeParse(id).success);

  const db = getDb();
  return db.transaction(async (tx) => {
    const chosen =
      validIds.length === 0
        ? []
        : await tx
            .select()
            .from(submissions)
            .where(and(eq(submissions.teamId, team.id), inArray(submissions.id, validIds)));
    for (const id of ids) {
      const submission = chosen.find((row) => row.id === id);
      if (!submission) {
        throw new AppError("not_found:submission", `Submission ${id} is not one of your team's.`);
      }
      if (submission.status !== "scored" || submission.passedChecks === false) {
        throw new AppError(
          "bad_request:final_selection",
          `Submission ${id} cannot be selected: only scored submissions that passed ` +
            "every check can be final.",
        );
      }
    }
    await tx
      .update(submissions)
      .set({ selectedFinal: false })
      .where(and(eq(submissions.teamId, team.id), eq(submissions.selectedFinal, true)));
    if (ids.length === 0) return [];
    return tx
      .update(submissions)
      .set({ selectedFinal: true })
      .where(and(eq(submissions.teamId, team.id), inArray(submissions.id, ids)))
      .returning();
  });
}

/** Fields reset when a submission is scored again. */
const unscored = {
  status: "queued" as const,
  failureKind: null,
  error: null,
  publicScore: null,
  privateScore: null,
  checks: null,
  passedChecks: null,
  rocCurve: null,
  details: null,
  rowCount: null,
  attempts: 0,
  startedAt: null,
  scoredAt: null,
};

async function queueAgain(submission: Submission, challenge: Challenge): Promise<void> {
  await enqueueScoring(submission.id, {
    timeLimitSeconds: scoringTimeLimitSeconds(getDefinition(challenge), submission.kind),
  });
}

/**
 * Clears a submission's scores and queues it again (a staff action, e.g.
 * after a fix to a bundle). Returns the updated row.
 */
export async function rescoreSubmission(id: string): Promise<Submission> {
  const db = getDb();
  const existing = await getSubmissionById(id, db);
  if (!existing) throw new AppError("not_found:submission", `No submission ${id} exists.`);
  const challenge = await requireChallenge({ id: existing.challengeId }, db);
  const updated = await db
    .update(submissions)
    .set({ ...unscored, queuedAt: new Date() })
    .where(eq(submissions.id, id))
    .returning();
  const submission = updated[0] ?? existing;
  await queueAgain(submission, challenge);
  logger.info({ submissionId: id }, "queued a submission for rescoring");
  return submission;
}

/** Clears and queues every submission of a challenge; returns the count. */
export async function rescoreChallenge(challengeId: string): Promise<number> {
  const db = getDb();
  const challenge = await requireChallenge({ id: challengeId }, db);
  const updated = await db
    .update(submissions)
    .set({ ...unscored, queuedAt: new Date() })
    .where(eq(submissions.challengeId, challengeId))
    .returning();
  for (const submission of updated) await queueAgain(submission, challenge);
  logger.info(
    { challengeId, submissions: updated.length },
    "queued every submission of a challenge for rescoring",
  );
  return updated.length;
}

/** Counts submissions by status in a challenge (staff overview). */
export async function countSubmissionsByStatus(
  challengeId: string,
  db: Database = getDb(),
): Promise<Record<Submission["status"], number>> {
  const rows = await db
    .select({ status: submissions.status, total: sql<number>`count(*)::int` })
    .from(submissions)
    .where(eq(submissions.challengeId, challengeId))
    .groupBy(submissions.status);
  const counts = { queued: 0, scoring: 0, scored: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.total);
  return counts;
}
