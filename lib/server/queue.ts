import PgBoss from "pg-boss";

import { getDatabaseHandle, type DatabaseHandle } from "@/db";
import { logger } from "@/lib/log";

/** The pg-boss queue of scoring jobs. */
export const scoringQueueName = "score-submission";

export interface ScoringJobData {
  submissionId: string;
}

export interface QueueSettings {
  /** Retries after the first attempt for platform faults. */
  retryLimit: number;
  /**
   * Base delay before a retry, in seconds. pg-boss 10's backoff doubles it
   * with each retry and adds up to as much again at random.
   */
  retryDelaySeconds: number;
  /** Time limit of one attempt when the challenge sets none, in seconds. */
  defaultTimeLimitSeconds: number;
  /** How often pg-boss expires and archives jobs, in seconds. */
  maintenanceIntervalSeconds: number;
}

export const defaultQueueSettings: QueueSettings = {
  retryLimit: 2,
  retryDelaySeconds: 15,
  defaultTimeLimitSeconds: 600,
  maintenanceIntervalSeconds: 60,
};

interface RunningQueue {
  boss: PgBoss;
  settings: QueueSettings;
}

// Next.js may load this module once per bundle in one process, and each
// database needs one pg-boss instance, so the instances live on globalThis.
const queuesKey = Symbol.for("collider-arena.scoring-queues");

interface QueuesHolder {
  [queuesKey]?: WeakMap<DatabaseHandle, Promise<RunningQueue>>;
}

const holder = globalThis as QueuesHolder;
const queues = (holder[queuesKey] ??= new WeakMap());

async function startQueue(handle: DatabaseHandle, settings: QueueSettings): Promise<RunningQueue> {
  const boss = new PgBoss({
    // Through our own connection on both drivers, so PGlite works too.
    db: {
      executeSql: async (text: string, values: unknown[]) =>
        (await handle.executeSql(text, values)) as { rows: unknown[] },
    },
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
  });
  boss.on("error", (error) => {
    logger.error({ err: error }, "the scoring queue reported an error");
  });
  await boss.start();
  const queueOptions = {
    name: scoringQueueName,
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: settings.defaultTimeLimitSeconds,
  };
  if (await boss.getQueue(scoringQueueName)) {
    await boss.updateQueue(scoringQueueName, queueOptions);
  } else {
    await boss.createQueue(scoringQueueName, queueOptions);
  }
  return { boss, settings };
}

/**
 * Returns the started pg-boss instance of a database, starting it on first
 * use with `settings` (later calls get the running one unchanged). It stops
 * before the database closes.
 */
export async function getQueue(
  handle: DatabaseHandle = getDatabaseHandle(),
  settings: Partial<QueueSettings> = {},
): Promise<RunningQueue> {
  let running = queues.get(handle);
  if (!running) {
    running = startQueue(handle, { ...defaultQueueSettings, ...settings });
    queues.set(handle, running);
    running.catch((error: unknown) => {
      queues.delete(handle);
      logger.error({ err: error }, "starting the scoring queue failed");
    });
    handle.addCloseHook(() => stopQueue(handle));
  }
  return running;
}

/** Stops the queue of a database if it was started, waiting for jobs. */
export async function stopQueue(handle: DatabaseHandle = getDatabaseHandle()): Promise<void> {
  const running = queues.get(handle);
  if (!running) return;
  queues.delete(handle);
  const { boss } = await running.catch(() => ({ boss: undefined }));
  await boss?.stop({ graceful: true, wait: true, timeout: 30_000 });
}

/**
 * Queues a scoring job for a submission. `timeLimitSeconds` is the time
 * limit of each attempt; the job expires after it and is retried.
 */
export async function enqueueScoring(
  submissionId: string,
  options: { timeLimitSeconds?: number; handle?: DatabaseHandle } = {},
): Promise<string | null> {
  const { boss, settings } = await getQueue(options.handle);
  const data: ScoringJobData = { submissionId };
  const jobId = await boss.send(scoringQueueName, data, {
    singletonKey: submissionId,
    expireInSeconds: options.timeLimitSeconds ?? settings.defaultTimeLimitSeconds,
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: true,
  });
  logger.info({ submissionId, jobId }, "queued a scoring job");
  return jobId;
}
