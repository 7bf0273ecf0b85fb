import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { apiTokens, users, type ApiToken } from "@/db/schema";
import { zodToAppError } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { toPublicUser, type PublicUser } from "@/lib/server/users";

/** Every token starts with this, so leaked tokens are easy to search for. */
export const TOKEN_PREFIX = "ca_";
// Characters kept in the clear so that users can tell their tokens apart:
// "ca_" plus 6 characters of the random part (36 bits, not enough to guess
// the other 256).
const VISIBLE_LENGTH = TOKEN_PREFIX.length + 6;

/** A token as listed to its owner: never the secret or its hash. */
export type TokenSummary = Pick<
  ApiToken,
  "id" | "name" | "prefix" | "createdAt" | "lastUsedAt" | "revokedAt"
>;

export const tokenNameSchema = z
  .string()
  .trim()
  .min(1, { message: "Give the token a name, e.g. the machine it is for." })
  .max(100, { message: "The token name must have at most 100 characters." });

// "ca_" followed by 32 bytes in base64url (43 characters).
const tokenSecretSchema = z.string().regex(/^ca_[A-Za-z0-9_-]{43}$/);

function hashToken(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

function toSummary(token: ApiToken): TokenSummary {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt,
    lastUsedAt: token.lastUsedAt,
    revokedAt: token.revokedAt,
  };
}

/**
 * Creates a personal API token for a user. Returns the secret, which is
 * shown once and never stored: the database keeps its SHA-256 and prefix.
 */
export async function createToken(
  userId: string,
  name: string,
): Promise<{ token: TokenSummary; secret: string }> {
  const parsedName = tokenNameSchema.safeParse(name);
  if (!parsedName.success) throw zodToAppError(parsedName.error, "token_name");

  const secret = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const db = getDb();
  const inserted = await db
    .insert(apiTokens)
    .values({
      userId,
      name: parsedName.data,
      tokenHash: hashToken(secret),
      prefix: secret.slice(0, VISIBLE_LENGTH),
    })
    .returning();
  const token = inserted[0];
  if (!token) throw new AppError("internal:token", "The token was not stored.");
  return { token: toSummary(token), secret };
}

/** Lists a user's tokens, newest first, revoked ones included. */
export async function listTokens(userId: string): Promise<TokenSummary[]> {
  const db = getDb();
  const rows = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(toSummary);
}

/**
 * Revokes one of the user's tokens. Throws `not_found:token` when the id is
 * not one of theirs; revoking a revoked token changes nothing.
 */
export async function revokeToken(
  userId: string,
  tokenId: string,
): Promise<TokenSummary> {
  if (!z.uuid().safeParse(tokenId).success) {
    throw new AppError("not_found:token", `No token has the id ${tokenId}.`);
  }
  const db = getDb();
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)))
    .limit(1);
  const token = rows[0];
  if (!token) {
    throw new AppError("not_found:token", `No token has the id ${tokenId}.`);
  }
  if (token.revokedAt) return toSummary(token);

  const updated = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(eq(apiTokens.id, tokenId))
    .returning();
  return toSummary(updated[0] ?? token);
}

/**
 * Finds the user of a token secret and records its use. Returns undefined
 * for a malformed, unknown or revoked token.
 */
export async function authenticateToken(
  secret: string,
): Promise<{ user: PublicUser; token: TokenSummary } | undefined> {
  if (!tokenSecretSchema.safeParse(secret).success) return undefined;
  // The lookup is by the SHA-256 of a 256-bit random secret, so its timing
  // reveals nothing useful about stored tokens.
  const tokenHash = hashToken(secret);

  const db = getDb();
  const rows = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .limit(1);
  const row = rows[0];
  if (!row) return undefined;

  const lastUsedAt = new Date();
  await db
    .update(apiTokens)
    .set({ lastUsedAt })
    .where(eq(apiTokens.id, row.token.id));
  return {
    user: toPublicUser(row.user),
    token: toSummary({ ...row.token, lastUsedAt }),
  };
}
