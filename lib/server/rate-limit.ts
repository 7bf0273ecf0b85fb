import { inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { signInAttempts } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** How many failures a key may have in one window, and the lock after. */
export interface SignInLimit {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/**
 * Limits per email and per client address. An address gets more failures
 * than an email because a classroom or a campus NAT shares one address
 * among many students.
 */
export const signInLimits = {
  email: { maxFailures: 5, windowMs: FIFTEEN_MINUTES, lockMs: FIFTEEN_MINUTES },
  address: {
    maxFailures: 25,
    windowMs: FIFTEEN_MINUTES,
    lockMs: FIFTEEN_MINUTES,
  },
} satisfies Record<string, SignInLimit>;

type KeyKind = keyof typeof signInLimits;

interface AttemptKey {
  key: string;
  kind: KeyKind;
}

/** Builds the rate-limit keys of one sign-in: its email and its address if known. */
export function signInKeys(email: string, address?: string): AttemptKey[] {
  const keys: AttemptKey[] = [
    { key: `email:${email.trim().toLowerCase()}`, kind: "email" },
  ];
  if (address) keys.push({ key: `address:${address}`, kind: "address" });
  return keys;
}

/**
 * Throws `rate_limited:sign_in` while any of the keys is locked. The message
 * is the same whether or not an account has the email.
 */
export async function assertSignInAllowed(
  keys: AttemptKey[],
  now: Date = new Date(),
): Promise<void> {
  if (keys.length === 0) return;
  const db = getDb();
  const rows = await db
    .select()
    .from(signInAttempts)
    .where(
      inArray(
        signInAttempts.key,
        keys.map((entry) => entry.key),
      ),
    );
  const lockedUntil = rows
    .map((row) => row.lockedUntil?.getTime() ?? 0)
    .reduce((latest, time) => Math.max(latest, time), 0);
  if (lockedUntil > now.getTime()) {
    const minutes = Math.ceil((lockedUntil - now.getTime()) / 60_000);
    throw new AppError(
      "rate_limited:sign_in",
      `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      { details: { retryAfterSeconds: Math.ceil((lockedUntil - now.getTime()) / 1000) } },
    );
  }
}

/**
 * Counts one failed sign-in against each key in a single upsert per key, so
 * concurrent failures are all counted. A key whose window has passed starts
 * a new window; reaching the maximum locks the key.
 */
export async function recordSignInFailure(
  keys: AttemptKey[],
  now: Date = new Date(),
): Promise<void> {
  const db = getDb();
  for (const { key, kind } of keys) {
    const limit = signInLimits[kind];
    const windowStart = new Date(now.getTime() - limit.windowMs);
    const lockEnd = new Date(now.getTime() + limit.lockMs);
    const windowExpired = sql`${signInAttempts.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz`;
    const nextFailures = sql`CASE WHEN ${windowExpired} THEN 1 ELSE ${signInAttempts.failures} + 1 END`;

    await db
      .insert(signInAttempts)
      .values({
        key,
        failures: 1,
        windowStartedAt: now,
        lockedUntil: limit.maxFailures <= 1 ? lockEnd : null,
      })
      .onConflictDoUpdate({
        target: signInAttempts.key,
        set: {
          failures: nextFailures,
          windowStartedAt: sql`CASE WHEN ${windowExpired} THEN ${now.toISOString()}::timestamptz ELSE ${signInAttempts.windowStartedAt} END`,
          lockedUntil: sql`CASE WHEN ${nextFailures} >= ${limit.maxFailures} THEN ${lockEnd.toISOString()}::timestamptz ELSE ${signInAttempts.lockedUntil} END`,
        },
      });
  }
}

/**
 * Clears the failures of an email after a successful sign-in. The address
 * key is kept, so signing in to one's own account does not reset the count
 * of guesses made against others from the same address.
 */
export async function clearSignInFailures(email: string): Promise<void> {
  const db = getDb();
  const [emailKey] = signInKeys(email);
  if (!emailKey) return;
  await db
    .delete(signInAttempts)
    .where(inArray(signInAttempts.key, [emailKey.key]));
}
