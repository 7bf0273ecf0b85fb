import Link from "next/link";

import { linkClass } from "./styles";

/** The page shown when a signed-in user lacks the role a page requires. */
export function ForbiddenNotice({ what }: { what: string }) {
  return (
    <section
      aria-labelledby="forbidden-heading"
      className="mx-auto max-w-xl py-16 text-center"
    >
      <p className="text-sm font-semibold text-red-700">403 Forbidden</p>
      <h1 id="forbidden-heading" className="mt-2 text-2xl font-bold">
        Staff only
      </h1>
      <p className="mt-4 text-slate-600">
        {what} is open to course staff only. If you are staff, sign in with
        your staff account.
      </p>
      <p className="mt-6">
        <Link href="/" className={linkClass}>
          Back to the challenges
        </Link>
      </p>
    </section>
  );
}
