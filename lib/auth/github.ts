import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { accounts, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { toPublicUser, type PublicUser } from "@/lib/server/users";

export interface GitHubIdentity {
  providerAccountId: string;
  email: string | null | undefined;
  name: string | null | undefined;
}

/**
 * Finds the user linked to a GitHub account, or links one: to the user with
 * the same email when there is one, otherwise to a new student without a
 * password. Throws `bad_request:github_email` when GitHub gives no email.
 */
export async function linkGitHubAccount(
  identity: GitHubIdentity,
): Promise<PublicUser> {
  const db = getDb();
  const linked = await db
    .select({ user: users })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(
      and(
        eq(accounts.provider, "github"),
        eq(accounts.providerAccountId, identity.providerAccountId),
      ),
    )
    .limit(1);
  if (linked[0]) return toPublicUser(linked[0].user);

  const email = identity.email?.trim().toLowerCase();
  if (!email) {
    throw new AppError(
      "bad_request:github_email",
      "GitHub did not share an email address. Make one visible to this app on GitHub, or sign up with email and password.",
    );
  }

  // NOTE: linking by email trusts that GitHub verified the address; the
  // GitHub provider of next-auth 4 takes the primary email without
  // checking its `verified` flag.
  return db.transaction(async (tx) => {
    await tx
      .insert(users)
      .values({
        email,
        name: identity.name?.trim() || email.slice(0, email.indexOf("@")),
        role: "student",
      })
      .onConflictDoNothing({ target: users.email });
    const rows = await tx
      .select()
      .from(users)
      .where(eq(users.email, email))
      .limit(1);
    const user = rows[0];
    if (!user) {
      throw new AppError("internal:github_link", "The GitHub user was not stored.");
    }
    await tx
      .insert(accounts)
      .values({
        userId: user.id,
        provider: "github",
        providerAccountId: identity.providerAccountId,
      })
      .onConflictDoNothing();
    logger.info({ userId: user.id }, "linked a GitHub account");
    return toPublicUser(user);
  });
}
