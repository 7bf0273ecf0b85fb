"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { buttonClass, inputClass, labelClass, secondaryButtonClass } from "./styles";

/**
 * Renders the email and password form. It signs in through next-auth's
 * credentials provider without a full page redirect, so a failure stays
 * on the form.
 */
export function SignInForm({
  callbackUrl,
  githubEnabled,
  errorMessages,
  initialError,
}: {
  callbackUrl: string;
  githubEnabled: boolean;
  /** Messages by next-auth error code, e.g. `CredentialsSignin`. */
  errorMessages: Record<string, string>;
  /** An error code from the `error` query parameter after a redirect. */
  initialError?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(
    initialError ? signInErrorMessage(initialError, errorMessages) : null,
  );
  const [pending, setPending] = useState(false);

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      setError(signInErrorMessage(result?.error, errorMessages));
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <form onSubmit={handleSubmit} className="space-y-4" noValidate>
        {error ? (
          <p
            role="alert"
            className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
          >
            {error}
          </p>
        ) : null}
        <div>
          <label htmlFor="email" className={labelClass}>
            Email
          </label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            className={`${inputClass} mt-1`}
          />
        </div>
        <div>
          <label htmlFor="password" className={labelClass}>
            Password
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className={`${inputClass} mt-1`}
          />
        </div>
        <button type="submit" disabled={pending} className={`${buttonClass} w-full`}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {githubEnabled ? (
        <div className="border-t border-slate-200 pt-6">
          <button
            type="button"
            onClick={() => void signIn("github", { callbackUrl })}
            className={`${secondaryButtonClass} w-full`}
          >
            Sign in with GitHub
          </button>
        </div>
      ) : null}
    </div>
  );
}

/**
 * Maps a next-auth error code to its message. Unknown codes get the
 * wrong-credentials message, which does not say whether the email exists.
 */
function signInErrorMessage(
  code: string | undefined | null,
  messages: Record<string, string>,
): string {
  const known = code ? messages[code] : undefined;
  return known ?? messages.CredentialsSignin ?? "Invalid email or password.";
}
