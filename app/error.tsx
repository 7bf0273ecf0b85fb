"use client";

import { useEffect } from "react";

import { buttonClass } from "@/components/styles";

/**
 * Shown when a page fails to render. Next replaces the server error with
 * a digest in production, so the page shows the digest for staff to look
 * up in the server log.
 */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <section aria-labelledby="error-heading" className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-red-700">Error</p>
      <h1 id="error-heading" className="mt-2 text-2xl font-bold">
        This page failed to load
      </h1>
      <p className="mt-4 text-slate-600">
        Try again in a moment. If it keeps failing, tell the course staff
        {error.digest ? (
          <>
            {" "}and quote the error id <code className="font-mono">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <button type="button" onClick={reset} className={`${buttonClass} mt-6`}>
        Try again
      </button>
    </section>
  );
}
