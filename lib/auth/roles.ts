import { AppError } from "@/lib/errors";
import type { PublicUser } from "@/lib/server/users";

/** Tells whether the user is course staff. */
export function isStaff(user: Pick<PublicUser, "role"> | undefined): boolean {
  return user?.role === "staff";
}

/** Throws `forbidden:staff_only` unless the user is staff. */
export function assertStaff(user: Pick<PublicUser, "role">): void {
  if (!isStaff(user)) {
    throw new AppError(
      "forbidden:staff_only",
      "Only course staff can do this.",
    );
  }
}

/** Builds the error for a request without a valid session or token. */
export function unauthorizedError(): AppError {
  return new AppError(
    "unauthorized:sign_in_required",
    "Sign in, or send an API token as `Authorization: Bearer <token>`.",
  );
}
