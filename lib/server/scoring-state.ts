import { and, eq, inArray, sql } from "drizzle-orm";

import type { Database } from "@/db";
import { submissions, type Submission } from "@/db/schema";
import { resampleRocCurve } from "@/lib/scoring/roc-grid";
import type { ScoreResult } from "@/lib/scoring/types";

// Status changes of a submission while it is scored. Each update is
// conditional on the status, so a late or duplicate job cannot overwrite a
// final result.

/**
 * Marks a queued submission as scoring and counts the attempt. Returns
 * undefined when the submission is gone or already final, e.g. for a
 * duplicate job.
 */
export async function claimSubmission(db: Database, submissionId: string): Promise<Submission | undefined> {
  const rows = await db
    .update(submissions)
    .set({
      status: "scoring",
      attempts: sql`${submissions.attempts} + 1`,
      startedAt: new Date(),
      error: null,
      failureKind: null,
    })
    .where(and(eq(submissions.id, submissionId), inArray(submissions.status, ["queued", "scoring"])))
    .returning();
  return rows[0];
}

export async function saveScore(db: Database, submissionId: string, result: ScoreResult): Promise<void> {
  await db
    .update(submissions)
    .set({
      status: "scored",
      publicScore: result.publicScore,
      privateScore: result.privateScore,
      checks: result.checks,
      passedChecks: result.passedChecks,
      // Stored on a coarse grid: the exact curve would reveal row labels.
      rocCurve: result.rocCurve ? resampleRocCurve(result.rocCurve) : null,
      details: result.details ?? null,
      rowCount: result.rowCount,
      scoredAt: new Date(),
      error: null,
      failureKind: null,
    })
    .where(and(eq(submissions.id, submissionId), eq(submissions.status, "scoring")));
}

/** Marks a submission failed because of its content; it still counts. */
export async function saveSubmissionFailure(db: Database, submissionId: string, message: string): Promise<void> {
  await db
    .update(submissions)
    .set({ status: "failed", failureKind: "submission", error: message, scoredAt: new Date() })
    .where(and(eq(submissions.id, submissionId), eq(submissions.status, "scoring")));
}

/** Returns the message shown to the owner of a submission that hit platform faults. */
export function platformFailureMessage(attempts: number): string {
  return (
    `Scoring failed ${attempts} times because of a platform error, not because of ` +
    "your file. This submission does not count against your daily limit; submit " +
    "it again or ask the course staff to rescore it."
  );
}

/**
 * Marks a submission failed because of the platform; it no longer counts
 * against the daily limit.
 */
export async function savePlatformFailure(
  db: Database,
  submissionId: string,
  attempts: number,
): Promise<void> {
  await db
    .update(submissions)
    .set({
      status: "failed",
      failureKind: "platform",
      error: platformFailureMessage(attempts),
      countsTowardQuota: false,
      scoredAt: new Date(),
    })
    .where(
      and(eq(submissions.id, submissionId), inArray(submissions.status, ["queued", "scoring"])),
    );
}

/** Puts a submission back in the queue after a failed attempt. */
export async function returnToQueue(db: Database, submissionId: string): Promise<void> {
  await db
    .update(submissions)
    .set({ status: "queued", queuedAt: new Date() })
    .where(and(eq(submissions.id, submissionId), eq(submissions.status, "scoring")));
}
