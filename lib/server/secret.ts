import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

import { logger } from "@/lib/log";
import { getConfig } from "@/lib/server/config";

const secretFileName = "auth-secret";

/** Bytes of randomness in a generated secret (256 bits). */
const secretBytes = 32;

/** Shortest secret accepted from AUTH_SECRET or the secret file, in characters. */
const minSecretLength = 32;

let cached: string | undefined;

function readSecretFile(filePath: string): string {
  const secret = readFileSync(filePath, "utf8").trim();
  if (secret.length < minSecretLength) {
    throw new Error(
      `The auth secret in ${filePath} is shorter than ${minSecretLength} characters. ` +
        "Delete the file to generate a new one (everyone is signed out), or set AUTH_SECRET.",
    );
  }
  const mode = statSync(filePath).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    chmodSync(filePath, 0o600);
    logger.warn({ filePath, mode: mode.toString(8) }, "restricted the auth secret file to its owner");
  }
  return secret;
}

/**
 * Returns the secret that signs sessions: AUTH_SECRET when set, else the
 * contents of `<ARENA_DATA_DIR>/auth-secret`, which is generated (32 random
 * bytes, base64url, file mode 0600) on first use. There is no built-in
 * fallback secret.
 */
export function getAuthSecret(): string {
  if (cached) return cached;
  const config = getConfig();
  if (config.AUTH_SECRET) {
    if (config.AUTH_SECRET.length < minSecretLength) {
      throw new Error(
        `AUTH_SECRET is shorter than ${minSecretLength} characters. Use a long random ` +
          "value (e.g. `openssl rand -base64 32`) or unset it to have one generated.",
      );
    }
    cached = config.AUTH_SECRET;
    return cached;
  }

  const filePath = path.join(config.dataDir, secretFileName);
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // The `wx` flag fails when the file exists, so two processes that start
    // together cannot both write a secret: the loser reads the winner's.
    writeFileSync(filePath, `${randomBytes(secretBytes).toString("base64url")}\n`, {
      flag: "wx",
      mode: 0o600,
    });
    logger.info({ filePath }, "generated a new auth secret");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  cached = readSecretFile(filePath);
  return cached;
}

/** Forgets the cached secret; tests that change the environment call it. */
export function resetAuthSecretCache(): void {
  cached = undefined;
}
