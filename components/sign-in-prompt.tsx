import Link from "next/link";

import { buttonClass, secondaryButtonClass } from "./styles";

/** Asks an anonymous visitor to sign in, then return to `callbackUrl`. */
export function SignInPrompt({
  callbackUrl,
  action,
}: {
  callbackUrl: string;
  /** The action that signing in allows, e.g. "submit to this challenge". */
  action: string;
}) {
  const query = `?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm">
      <p className="text-slate-700">Sign in to {action}.</p>
      <div className="mt-4 flex justify-center gap-3">
        <Link href={`/signin${query}`} className={buttonClass}>
          Sign in
        </Link>
        <Link href={`/signup${query}`} className={secondaryButtonClass}>
          Create an account
        </Link>
      </div>
    </div>
  );
}
