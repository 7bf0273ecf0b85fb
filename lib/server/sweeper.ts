import { and, eq, lt, or } from "drizzle-orm";

import type { DatabaseHandle } from "@/db";
import { challenges, submissions } from "@/db/schema";
import type { ChallengeDefinition } from "@/lib/challenge/definition";
import { logger } from "@/lib/log";
import { scoringTimeLimitSeconds } from "@/lib/server/challenges";
import { enqueueScoring, getQueue, scoringQueueName, type QueueSettings } from "@/lib/server/queue";
import { savePlatformFailure } from "@/lib/server/scoring-state";

export interface SweepResult {
  /** Submissions put back in the queue with a new job. */
  requeued: string[];
  /** Submissions that used all attempts and were marked platform failures. */
  failed: string[];
}

export interface SweepOptions {
  handle: DatabaseHandle;
  settings: QueueSettings;
  now?: Date;
  /**
   * How long a queued submission may wait without a job, or a scoring one
   * stay past its time limit, before the sweeper acts, in seconds.
   */
  graceSeconds?: number;
}

/** Returns the ids among `submissionIds` that have a waiting or running job. */
async function withLiveJobs(handle: DatabaseHandle, submissionIds: string[]): Promise<Set<string>> {
  if (submissionIds.length === 0) return new Set();
  const result = await handle.executeSql(
    "SELECT DISTINCT singleton_key FROM pgboss.job WHERE name = $1 " +
      "AND state IN ('created', 'retry', 'active') AND singleton_key = ANY($2::text[])",
    [scoringQueueName, submissionIds],
  );
  const rows = Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows;
  return new Set(rows.map((row) => String(row.singleton_key)));
}

/**
 * Finds submissions stuck in `queued` or `scoring` with no pg-boss job
 * that will finish them (the job was lost, or expired on its last retry
 * while its worker was dead). Each one gets a new job, or is marked a
 * platform failure when it has used every attempt. Submissions with a live
 * job are left to pg-boss, whose expiry retries a job whose worker died.
 */
export async function sweepStuckSubmissions(options: SweepOptions): Promise<SweepResult> {
  const { handle, settings } = options;
  const db = handle.db;
  const now = options.now ?? new Date();
  const graceMs = (options.graceSeconds ?? 60) * 1000;
  const maxAttempts = settings.retryLimit + 1;
  const result: SweepResult = { requeued: [], failed: [] };

  const candidates = await db
    .select({
      id: submissions.id,
      status: submissions.status,
      kind: submissions.kind,
      attempts: submissions.attempts,
      startedAt: submissions.startedAt,
      queuedAt: submissions.queuedAt,
      definition: challenges.definition,
    })
    .from(submissions)
    .innerJoin(challenges, eq(challenges.id, submissions.challengeId))
    .where(
      or(
        and(eq(submissions.status, "queued"), lt(submissions.queuedAt, new Date(now.getTime() - graceMs))),
        eq(submissions.status, "scoring"),
      ),
    );

  const stuck = candidates.filter((row) => {
    if (row.status === "queued") return true;
    const limitSeconds =
      scoringTimeLimitSeconds(row.definition as ChallengeDefinition, row.kind) ??
      settings.defaultTimeLimitSeconds;
    const startedAt = row.startedAt ?? row.queuedAt;
    return startedAt.getTime() + limitSeconds * 1000 + graceMs < now.getTime();
  });
  if (stuck.length === 0) return result;

  await getQueue(handle);
  const live = await withLiveJobs(
    handle,
    stuck.map((row) => row.id),
  );
  for (const row of stuck) {
    if (live.has(row.id)) continue;
    if (row.attempts >= maxAttempts) {
      await savePlatformFailure(db, row.id, row.attempts);
      result.failed.push(row.id);
      logger.error(
        { submissionId: row.id, attempts: row.attempts },
        "a stuck submission used every attempt; marked as a platform failure",
      );
      continue;
    }
    // Only a row still in the observed state is requeued: a worker that
    // claimed it meanwhile changed its status or attempt count.
    const updated = await db
      .update(submissions)
      .set({ status: "queued", queuedAt: now })
      .where(
        and(
          eq(submissions.id, row.id),
          eq(submissions.status, row.status),
          eq(submissions.attempts, row.attempts),
        ),
      )
      .returning({ id: submissions.id });
    if (updated.length === 0) continue;
    await enqueueScoring(row.id, {
      handle,
      timeLimitSeconds: scoringTimeLimitSeconds(row.definition as ChallengeDefinition, row.kind),
    });
    result.requeued.push(row.id);
    logger.warn(
      { submissionId: row.id, status: row.status, attempts: row.attempts },
      "requeued a stuck submission that had no scoring job",
    );
  }
  return result;
}
