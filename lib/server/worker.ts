import { existsSync } from "node:fs";
import path from "node:path";

import type PgBoss from "pg-boss";

import { getDatabaseHandle, type Database, type DatabaseHandle } from "@/db";
import type { Challenge, Submission } from "@/db/schema";
import type { Bundle } from "@/lib/challenge/bundle";
import { loadBundle } from "@/lib/challenge/load";
import { logger } from "@/lib/log";
import { SubmissionError } from "@/lib/reader/errors";
import type { ScoreResult } from "@/lib/scoring/types";
import { requireChallenge } from "@/lib/server/challenges";
import { getConfig } from "@/lib/server/config";
import {
  getQueue,
  scoringQueueName,
  type QueueSettings,
  type ScoringJobData,
} from "@/lib/server/queue";
import { scoreStoredFile } from "@/lib/server/score-file";
import {
  claimSubmission,
  returnToQueue,
  savePlatformFailure,
  saveScore,
  saveSubmissionFailure,
} from "@/lib/server/scoring-state";
import { sweepStuckSubmissions, type SweepResult } from "@/lib/server/sweeper";

/** Scores one stored submission file against a loaded bundle. */
export type ScoreFunction = (input: {
  bundle: Bundle;
  submission: Submission;
}) => Promise<ScoreResult>;

export interface WorkerOptions {
  /** Jobs scored at the same time by this process. */
  concurrency?: number;
  /** How often an idle worker polls for jobs, in seconds (pg-boss 10 rejects less than 0.5). */
  pollingIntervalSeconds?: number;
  /** How often the sweeper looks for stuck submissions, in seconds. */
  sweepIntervalSeconds?: number;
  /** Queue settings, applied when this process starts the queue. */
  queue?: Partial<QueueSettings>;
  /** Replaces the scoring of files, e.g. with another scorer. */
  score?: ScoreFunction;
  handle?: DatabaseHandle;
}

export interface ScoringWorker {
  stop(): Promise<void>;
  /** Runs the sweeper once now. */
  sweep(): Promise<SweepResult>;
}

/** A scoring attempt that ran past its time limit: a platform fault. */
export class ScoringTimeoutError extends Error {
  constructor(seconds: number) {
    super(`Scoring timed out after ${seconds} seconds.`);
    this.name = "ScoringTimeoutError";
  }
}

/** Rejects with ScoringTimeoutError when `work` takes longer than `seconds`. */
async function withTimeLimit<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScoringTimeoutError(seconds)), seconds * 1000);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Returns the bundle folder of a challenge on this machine: the path the
 * server loaded it from, or else `<ARENA_CHALLENGES_DIR>/<slug>`, so a
 * worker on another machine may keep its bundles elsewhere.
 */
function bundleFolderOf(challenge: Challenge): string {
  if (existsSync(challenge.bundlePath)) return challenge.bundlePath;
  return path.join(getConfig().challengesDir, challenge.slug);
}

function timeLimitOf(job: PgBoss.JobWithMetadata<ScoringJobData>): number {
  // Leave pg-boss's own limit (the job's expiry) a margin, so this process
  // records the timeout before pg-boss fails the job.
  const expire = job.expireInSeconds;
  return Math.max(1, expire - Math.min(10, expire * 0.1));
}

/**
 * Scores the submission of one job. A SubmissionError fails the
 * submission at once. Any other error is rethrown so that pg-boss retries
 * the job; on the last attempt the submission is marked as a platform
 * failure first.
 */
async function runJob(
  job: PgBoss.JobWithMetadata<ScoringJobData>,
  db: Database,
  settings: QueueSettings,
  score: ScoreFunction,
): Promise<void> {
  const submissionId = job.data.submissionId;
  const claimed = await claimSubmission(db, submissionId);
  if (!claimed) {
    logger.info({ submissionId, jobId: job.id }, "skipped a job whose submission is already final");
    return;
  }
  const log = logger.child({ submissionId, jobId: job.id, attempt: claimed.attempts });
  log.info("scoring started");

  try {
    const challenge = await requireChallenge({ id: claimed.challengeId }, db);
    const bundle = loadBundle(bundleFolderOf(challenge), { requireData: true });
    const result = await withTimeLimit(score({ bundle, submission: claimed }), timeLimitOf(job));
    await saveScore(db, submissionId, result);
    log.info({ publicScore: result.publicScore, passedChecks: result.passedChecks }, "scoring finished");
  } catch (error) {
    if (error instanceof SubmissionError) {
      await saveSubmissionFailure(db, submissionId, error.message);
      log.info({ reason: error.reason }, "the submission was rejected by the reader");
      return;
    }
    const maxAttempts = settings.retryLimit + 1;
    const lastAttempt = job.retryCount >= job.retryLimit || claimed.attempts >= maxAttempts;
    if (lastAttempt) {
      await savePlatformFailure(db, submissionId, claimed.attempts);
      log.error({ err: error }, "scoring failed on the last attempt; marked as a platform failure");
    } else {
      await returnToQueue(db, submissionId);
      log.warn({ err: error, retryCount: job.retryCount }, "scoring failed; the job will be retried");
    }
    throw error;
  }
}

/**
 * Starts scoring jobs in this process: `concurrency` pg-boss workers on the
 * scoring queue and a periodic sweeper. Call `stop()` to finish the
 * running jobs and stop.
 */
export async function startWorker(options: WorkerOptions = {}): Promise<ScoringWorker> {
  const handle = options.handle ?? getDatabaseHandle();
  const db = handle.db;
  const { boss, settings } = await getQueue(handle, options.queue);
  const score = options.score ?? scoreStoredFile;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));

  const running = new Set<Promise<void>>();
  const workerIds: string[] = [];
  for (let index = 0; index < concurrency; index += 1) {
    const id = await boss.work<ScoringJobData>(
      scoringQueueName,
      {
        batchSize: 1,
        includeMetadata: true,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
      },
      async ([job]) => {
        if (!job) return;
        const work = runJob(job, db, settings, score);
        const tracked = work.catch(() => undefined);
        running.add(tracked);
        try {
          await work;
        } finally {
          running.delete(tracked);
        }
      },
    );
    workerIds.push(id);
  }

  const sweep = () => sweepStuckSubmissions({ handle, settings });
  const runSweep = () => {
    sweep().catch((error: unknown) => {
      logger.error({ err: error }, "the stuck-submission sweep failed");
    });
  };
  runSweep();
  const sweepTimer = setInterval(runSweep, (options.sweepIntervalSeconds ?? 60) * 1000);
  sweepTimer.unref();

  logger.info({ concurrency, driver: handle.driver }, "scoring worker started");
  let stopped = false;
  return {
    sweep,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(sweepTimer);
      for (const id of workerIds) await boss.offWork({ id });
      await Promise.all(running);
      logger.info("scoring worker stopped");
    },
  };
}
