"use server";

import { logger } from "@/lib/log";
import { signUp } from "@/lib/server/users";

/** The sign-up form's state between submissions. */
export type SignUpState =
  | { status: "idle" }
  | { status: "created"; email: string }
  | {
      status: "invalid";
      message: string;
      fieldErrors: Record<string, string[]>;
      /** The submitted name and email, refilled into the form. */
      values: { name: string; email: string };
    };

/**
 * Creates a student account from the sign-up form. The form then signs in
 * with the same credentials in the browser, because next-auth 4 issues its
 * session cookie from its own route.
 */
export async function signUpAction(
  _previous: SignUpState,
  formData: FormData,
): Promise<SignUpState> {
  const result = await signUp(formData);
  if (!result.ok) {
    const text = (key: string) => {
      const value = formData.get(key);
      return typeof value === "string" ? value : "";
    };
    return {
      status: "invalid",
      message: result.message,
      fieldErrors: result.fieldErrors,
      values: { name: text("name"), email: text("email") },
    };
  }
  logger.info({ userId: result.user.id }, "account created through sign-up");
  return { status: "created", email: result.user.email };
}
