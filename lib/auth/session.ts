import { getServerSession } from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";
import { assertStaff, unauthorizedError } from "@/lib/auth/roles";
import { getUserById, type PublicUser } from "@/lib/server/users";

/**
 * Returns the signed-in user of the current page or server action, or
 * undefined.
 * The user is read from the database, so a changed role or a deleted
 * account takes effect at once rather than when the session expires.
 */
export async function getSessionUser(): Promise<PublicUser | undefined> {
  const session = await getServerSession(await getAuthOptions());
  const userId = session?.user?.id;
  if (!userId) return undefined;
  return getUserById(userId);
}

/** Returns the signed-in user or throws `unauthorized:sign_in_required`. */
export async function requireUser(): Promise<PublicUser> {
  const user = await getSessionUser();
  if (!user) throw unauthorizedError();
  return user;
}

/** Returns the signed-in staff user or throws unauthorized or forbidden. */
export async function requireStaff(): Promise<PublicUser> {
  const user = await requireUser();
  assertStaff(user);
  return user;
}
