import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { SignInForm } from "@/components/sign-in-form";
import { cardClass, linkClass } from "@/components/styles";
import { signInErrorMessages } from "@/lib/auth/options";
import { getSessionUser } from "@/lib/auth/session";
import { safeRedirectPath } from "@/app/_lib/safe-redirect";
import { getConfig } from "@/lib/server/config";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);

  const config = getConfig();
  const githubEnabled = Boolean(config.GITHUB_ID && config.GITHUB_SECRET);
  const signUpHref =
    callbackUrl === "/"
      ? "/signup"
      : `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`;

  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">Sign in</h1>
      <p className="mt-2 text-slate-600">
        No account yet?{" "}
        <Link href={signUpHref} className={linkClass}>
          Sign up
        </Link>
        .
      </p>
      <div className={`${cardClass} mt-6`}>
        <SignInForm
          callbackUrl={callbackUrl}
          githubEnabled={githubEnabled}
          errorMessages={signInErrorMessages}
          initialError={typeof params.error === "string" ? params.error : undefined}
        />
      </div>
    </div>
  );
}
