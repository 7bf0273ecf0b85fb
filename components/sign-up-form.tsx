"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";

import { signUpAction, type SignUpState } from "@/app/signup/actions";

import { FieldError } from "./field-error";
import { buttonClass, inputClass, labelClass } from "./styles";

const initialState: SignUpState = { status: "idle" };

/**
 * Renders the sign-up form. After the server action creates the account,
 * it signs in with the same email and password and goes to `callbackUrl`.
 */
export function SignUpForm({
  callbackUrl,
  minPasswordLength,
}: {
  callbackUrl: string;
  minPasswordLength: number;
}) {
  const router = useRouter();
  // React resets the form after the action, so the password is kept here
  // for the sign-in that follows a successful sign-up.
  const passwordRef = useRef("");
  const [state, formAction, pending] = useActionState(
    (previous: SignUpState, formData: FormData) => {
      passwordRef.current = String(formData.get("password") ?? "");
      return signUpAction(previous, formData);
    },
    initialState,
  );
  const [signInError, setSignInError] = useState<string | null>(null);

  useEffect(() => {
    if (state.status !== "created") return;
    const password = passwordRef.current;
    void signIn("credentials", {
      email: state.email,
      password,
      redirect: false,
    }).then((result) => {
      if (!result || result.error) {
        setSignInError(
          "Your account was created, but signing in failed. Sign in on the sign-in page.",
        );
        return;
      }
      router.push(callbackUrl);
      router.refresh();
    });
  }, [state, callbackUrl, router]);

  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const values = state.status === "invalid" ? state.values : undefined;
  const describedBy = (field: string, hint?: string) =>
    [fieldErrors[field] ? `${field}-error` : null, hint ?? null]
      .filter(Boolean)
      .join(" ") || undefined;

  return (
    <form action={formAction} className="space-y-4">
      {state.status === "invalid" ? (
        <p
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          {state.message}
        </p>
      ) : null}
      {signInError ? (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {signInError}
        </p>
      ) : null}
      <div>
        <label htmlFor="name" className={labelClass}>
          Name <span className="font-normal text-slate-500">(optional, shown on leaderboards)</span>
        </label>
        <input
          id="name"
          name="name"
          type="text"
          autoComplete="name"
          defaultValue={values?.name}
          maxLength={100}
          aria-invalid={Boolean(fieldErrors.name)}
          aria-describedby={describedBy("name")}
          className={`${inputClass} mt-1`}
        />
        <FieldError id="name-error" messages={fieldErrors.name} />
      </div>
      <div>
        <label htmlFor="email" className={labelClass}>
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={values?.email}
          required
          aria-invalid={Boolean(fieldErrors.email)}
          aria-describedby={describedBy("email")}
          className={`${inputClass} mt-1`}
        />
        <FieldError id="email-error" messages={fieldErrors.email} />
      </div>
      <div>
        <label htmlFor="password" className={labelClass}>
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={minPasswordLength}
          aria-invalid={Boolean(fieldErrors.password)}
          aria-describedby={describedBy("password", "password-hint")}
          className={`${inputClass} mt-1`}
        />
        <p id="password-hint" className="mt-1 text-xs text-slate-500">
          At least {minPasswordLength} characters.
        </p>
        <FieldError id="password-error" messages={fieldErrors.password} />
      </div>
      <div>
        <label htmlFor="confirmPassword" className={labelClass}>
          Confirm password
        </label>
        <input
          id="confirmPassword"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={Boolean(fieldErrors.confirmPassword)}
          aria-describedby={describedBy("confirmPassword")}
          className={`${inputClass} mt-1`}
        />
        <FieldError
          id="confirmPassword-error"
          messages={fieldErrors.confirmPassword}
        />
      </div>
      <button
        type="submit"
        disabled={pending || state.status === "created"}
        className={`${buttonClass} w-full`}
      >
        {pending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
