import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { SignUpForm } from "@/components/sign-up-form";
import { cardClass, linkClass } from "@/components/styles";
import { getSessionUser } from "@/lib/auth/session";
import { safeRedirectPath } from "@/app/_lib/safe-redirect";
import { MIN_PASSWORD_LENGTH } from "@/lib/server/users";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);

  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">Create an account</h1>
      <p className="mt-2 text-slate-600">
        Already registered?{" "}
        <Link href="/signin" className={linkClass}>
          Sign in
        </Link>
        .
      </p>
      <div className={`${cardClass} mt-6`}>
        <SignUpForm
          callbackUrl={callbackUrl}
          minPasswordLength={MIN_PASSWORD_LENGTH}
        />
      </div>
    </div>
  );
}
