import { closeDefaultDatabase, getDatabaseHandle } from "@/db";
import { logger } from "@/lib/log";
import { syncBundles } from "@/lib/server/challenges";
import { getConfig } from "@/lib/server/config";
import { getAuthSecret } from "@/lib/server/secret";
import { createUser, getUserByEmail } from "@/lib/server/users";
import { startWorker, type ScoringWorker } from "@/lib/server/worker";

// Next.js may evaluate this module once per bundle, so the started state
// lives on globalThis and start-up runs once per process.
const startedKey = Symbol.for("collider-arena.server-started");

interface StartedHolder {
  [startedKey]?: Promise<void>;
}

async function ensureAdminAccount(): Promise<void> {
  const { ARENA_ADMIN_EMAIL: email, ARENA_ADMIN_PASSWORD: password } = getConfig();
  if (!email && !password) return;
  if (!email || !password) {
    logger.warn("set both ARENA_ADMIN_EMAIL and ARENA_ADMIN_PASSWORD to create a staff account at start-up");
    return;
  }
  const existing = await getUserByEmail(email);
  if (existing) {
    if (existing.role !== "staff") {
      logger.warn({ email }, "the ARENA_ADMIN_EMAIL account exists as a student and was left unchanged");
    }
    return;
  }
  await createUser({ email, password, role: "staff" });
  logger.info({ email }, "created the staff account from ARENA_ADMIN_EMAIL");
}

function stopOnSignals(worker: ScoringWorker | undefined): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping the worker and closing the database");
    void (async () => {
      try {
        await worker?.stop();
        await closeDefaultDatabase();
      } catch (error) {
        logger.error({ err: error }, "a clean shutdown failed");
      }
    })();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

async function start(): Promise<void> {
  const config = getConfig();
  const handle = getDatabaseHandle();
  await handle.ready;
  getAuthSecret();
  await ensureAdminAccount();
  await syncBundles();

  let worker: ScoringWorker | undefined;
  if (config.ARENA_WORKER === "on") {
    worker = await startWorker();
  } else {
    logger.info("ARENA_WORKER is off, so submissions wait for `arena worker` processes");
  }
  stopOnSignals(worker);
  logger.info({ driver: handle.driver, worker: config.ARENA_WORKER }, "server start-up finished");
}

/**
 * Prepares the web server process: opens the database and applies the
 * migrations, makes sure the auth secret exists, creates the staff account
 * from ARENA_ADMIN_EMAIL and ARENA_ADMIN_PASSWORD, loads the challenge
 * bundles and starts the in-process worker when ARENA_WORKER is on. Runs
 * once per process; later calls return the first call's promise.
 */
export function startServer(): Promise<void> {
  const holder = globalThis as StartedHolder;
  holder[startedKey] ??= start().catch((error: unknown) => {
    logger.fatal({ err: error }, "server start-up failed");
    throw error;
  });
  return holder[startedKey];
}
