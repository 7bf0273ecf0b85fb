import { AppError } from "@/lib/errors";

/**
 * Maximum number of model checks that run at once in this process, and
 * later checks wait in order. Each check starts a sandbox child that may
 * use its challenge's whole memory and time limits.
 */
export const MAX_CONCURRENT_MODEL_CHECKS = 2;

// NOTE: both limits hold per web server process, so N servers on one
// database allow N checks per user and N times the checks in all.
const usersChecking = new Set<string>();
let runningChecks = 0;
const waitingChecks: (() => void)[] = [];

async function takeCheckSlot(): Promise<void> {
  if (runningChecks < MAX_CONCURRENT_MODEL_CHECKS) {
    runningChecks += 1;
    return;
  }
  await new Promise<void>((resolve) => waitingChecks.push(resolve));
}

/** Hands the slot to the longest-waiting check, or frees it. */
function releaseCheckSlot(): void {
  const next = waitingChecks.shift();
  if (next) next();
  else runningChecks -= 1;
}

/**
 * Runs the model check of an upload by `userId` once fewer than
 * MAX_CONCURRENT_MODEL_CHECKS run, and rejects a second check of the same
 * user with `rate_limited:model_check_in_progress` while the first runs.
 * Parallel uploads all pass the early daily-limit check before any is
 * recorded, and a model that fails its check costs nothing, so without
 * these limits one user could start any number of sandbox children.
 */
export async function withModelCheckSlot<T>(userId: string, work: () => Promise<T>): Promise<T> {
  if (usersChecking.has(userId)) {
    throw new AppError(
      "rate_limited:model_check_in_progress",
      "Another model of yours is still being checked. Wait for its response, then upload again.",
    );
  }
  usersChecking.add(userId);
  try {
    await takeCheckSlot();
    try {
      return await work();
    } finally {
      releaseCheckSlot();
    }
  } finally {
    usersChecking.delete(userId);
  }
}
