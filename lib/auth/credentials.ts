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
 * `unauthorized:credentials` for a wrong email or password. Neither message
 * reveals whether an account has the email.
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
 * Returns the client address of a request from proxy headers, or undefined.
 * Next 16 fills `x-forwarded-for` from the socket when a request has none.
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
  // NOTE: a client that sends its own x-forwarded-for chooses the first
  // entry unless a proxy in front overwrites the header. The per-address
  // limit is therefore best effort, and the per-email limit always holds.
  const forwarded = read("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || read("x-real-ip")?.trim() || undefined;
}
