import Link from "next/link";

import { linkClass } from "@/components/styles";

export default function NotFound() {
  return (
    <section aria-labelledby="not-found-heading" className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">404 Not Found</p>
      <h1 id="not-found-heading" className="mt-2 text-2xl font-bold">
        Page not found
      </h1>
      <p className="mt-4 text-slate-600">
        The page does not exist, or it belongs to another account. Check the
        address, or start from the challenge list.
      </p>
      <p className="mt-6">
        <Link href="/" className={linkClass}>
          Back to the challenges
        </Link>
      </p>
    </section>
  );
}
