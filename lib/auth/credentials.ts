import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import {
  assertSignInAllowed,
  clearSignInFailures,
  recordSignInFailure,
  signInKeys,
} from "@/lib/server/rate-limit";
import { verifyCredentials, type PublicUser } from "@/lib/server/users";

/** The one message for a wrong password and an unknown email alike. */
export const INVALID_CREDENTIALS_MESSAGE = "Invalid email or password.";

/**
 * Signs in with an email and password under the rate limit. Throws
 * `rate_limited:sign_in` while the email or address is locked and
 * `unauthorized:credentials` for a wrong email or password; neither says
 * whether an account has the email.
 */
export async function signInWithPassword(
  email: string,
  password: string,
  clientAddress?: string,
): Promise<PublicUser> {
  const keys = signInKeys(email, clientAddress);
  await assertSignInAllowed(keys);

  const user = await verifyCredentials(email, password);
  if (!user) {
    await recordSignInFailure(keys);
    logger.info({ clientAddress }, "sign-in failed");
    throw new AppError("unauthorized:credentials", INVALID_CREDENTIALS_MESSAGE);
  }

  await clearSignInFailures(email);
  return user;
}

/**
 * The client address of a request from proxy headers, or undefined. Next
 * sets `x-forwarded-for` from the socket when it serves the app itself.
 */
export function clientAddressFromHeaders(
  headers: Headers | Record<string, string | string[] | undefined> | undefined,
): string | undefined {
  if (!headers) return undefined;
  const read = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  // NOTE: behind a proxy that does not overwrite x-forwarded-for, a client
  // can choose the first entry, so the per-address limit is best effort and
  // the per-email limit is the one that holds.
  const forwarded = read("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || read("x-real-ip")?.trim() || undefined;
}
