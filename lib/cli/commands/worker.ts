import { parseArgs } from "node:util";

import { closeDefaultDatabase, getDatabaseHandle } from "@/db";
import { logger } from "@/lib/log";
import { getConfig } from "@/lib/server/config";
import { startWorker } from "@/lib/server/worker";

export const summary = "Run scoring workers in this process (needs DATABASE_URL)";

const help = `Usage: arena worker [--concurrency N]

Scores queued submissions until stopped with Ctrl-C or SIGTERM. Start as
many worker processes as you like, on this machine or others, as long as
they share the server's PostgreSQL database (DATABASE_URL). A worker on
another machine also needs the server's uploaded files (ARENA_DATA_DIR, on
a shared file system) and the challenge bundles with their generated data
(ARENA_CHALLENGES_DIR).

Options:
  --concurrency N   submissions scored at the same time by this process
                    (default 1)
  -h, --help        show this help`;

export async function run(args: string[]): Promise<number> {
  let values: { concurrency?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        concurrency: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    console.error(`arena worker: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.help) {
    console.log(help);
    return 0;
  }

  const concurrency = Number(values.concurrency ?? "1");
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    console.error(
      `arena worker: invalid --concurrency "${values.concurrency}": expected a whole number from 1 to 64.`,
    );
    return 2;
  }
  if (!getConfig().DATABASE_URL) {
    console.error(
      "arena worker: DATABASE_URL is not set. Extra workers need a PostgreSQL database " +
        "shared with the server: the embedded PGlite database allows one process per data " +
        "folder, and the server's own worker already scores its submissions. Set DATABASE_URL " +
        "for the server and the workers, or leave ARENA_WORKER=on and run no extra worker.",
    );
    return 2;
  }

  const handle = getDatabaseHandle();
  await handle.ready;
  const worker = await startWorker({ concurrency });
  console.log(`arena worker: scoring with concurrency ${concurrency}; stop with Ctrl-C.`);

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, "arena worker received a stop signal");
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await worker.stop();
  await closeDefaultDatabase();
  console.log("arena worker: stopped.");
  return 0;
}
