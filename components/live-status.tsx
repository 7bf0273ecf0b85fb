"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { SubmissionStatusBadge } from "./status-badge";

type Status = "queued" | "scoring" | "scored" | "failed";

const pollMilliseconds = 1500;
const statuses: readonly Status[] = ["queued", "scoring", "scored", "failed"];

/** Reads `status` from the API's submission JSON, bare or wrapped. */
function readStatus(body: unknown): Status | undefined {
  if (!body || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  const source =
    record.submission && typeof record.submission === "object"
      ? (record.submission as Record<string, unknown>)
      : record;
  const status = source.status;
  return statuses.find((candidate) => candidate === status);
}

/**
 * Renders a submission's status and follows the server without a reload.
 * While the submission is queued or scoring it polls the API. When scoring
 * ends it refreshes the page, so the server renders the score and charts.
 */
export function LiveStatus({
  id,
  initialStatus,
}: {
  id: string;
  initialStatus: Status;
}) {
  const router = useRouter();
  const [status, setStatus] = useState<Status>(initialStatus);
  const [connectionError, setConnectionError] = useState(false);
  const pending = status === "queued" || status === "scoring";

  useEffect(() => {
    setStatus(initialStatus);
  }, [initialStatus]);

  useEffect(() => {
    if (!pending) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    async function poll() {
      try {
        const response = await fetch(`/api/v1/submissions/${encodeURIComponent(id)}`, {
          headers: { Accept: "application/json" },
          cache: "no-store",
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const next = readStatus(await response.json());
        if (stopped) return;
        setConnectionError(false);
        if (next && next !== status) {
          setStatus(next);
          if (next === "scored" || next === "failed") {
            router.refresh();
            return;
          }
        }
      } catch {
        if (stopped) return;
        setConnectionError(true);
      }
      if (!stopped) timer = setTimeout(poll, pollMilliseconds);
    }

    timer = setTimeout(poll, pollMilliseconds);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [id, pending, status, router]);

  return (
    <div aria-live="polite" className="flex flex-wrap items-center gap-2">
      <SubmissionStatusBadge status={status} />
      {pending ? (
        <span className="flex items-center gap-2 text-sm text-slate-600">
          <span
            aria-hidden="true"
            className="h-3 w-3 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600"
          />
          {status === "queued" ? "Waiting for a scoring worker…" : "Scoring…"}
        </span>
      ) : null}
      {connectionError ? (
        <span className="text-sm text-amber-800">
          Lost contact with the server; retrying.
        </span>
      ) : null}
    </div>
  );
}
