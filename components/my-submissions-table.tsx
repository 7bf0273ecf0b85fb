"use client";

import Link from "next/link";
import { useActionState, useState } from "react";

import {
  selectFinalsAction,
  type FinalSelectionState,
} from "@/app/challenges/[slug]/submissions/actions";
import { formatScore, formatUtc } from "@/lib/format";

import { SubmissionStatusBadge } from "./status-badge";
import { buttonClass, linkClass } from "./styles";

/** One of the user's submissions, as plain data for the client. */
export interface MySubmissionRow {
  id: string;
  createdAt: string;
  description: string;
  fileName: string;
  status: "queued" | "scoring" | "scored" | "failed";
  publicScore: number | null;
  passedChecks: boolean | null;
  failedChecks: string[];
  error: string | null;
  failureKind: "submission" | "platform" | null;
  selectedFinal: boolean;
}

const initialState: FinalSelectionState = { status: "idle" };

/**
 * Renders the user's submissions in one challenge, with checkboxes to
 * choose the final ones for the private leaderboard.
 */
export function MySubmissionsTable({
  slug,
  rows,
  finalLimit,
  canSelect,
}: {
  slug: string;
  rows: MySubmissionRow[];
  finalLimit: number;
  /** False once the challenge has closed. */
  canSelect: boolean;
}) {
  const [state, formAction, pending] = useActionState(selectFinalsAction, initialState);
  const [chosen, setChosen] = useState(
    () => new Set(rows.filter((row) => row.selectedFinal).map((row) => row.id)),
  );

  function toggle(id: string, checked: boolean) {
    setChosen((previous) => {
      const next = new Set(previous);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="slug" value={slug} />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">Your submissions</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Final</th>
              <th scope="col" className="px-3 py-2 font-medium">Submitted</th>
              <th scope="col" className="px-3 py-2 font-medium">Status</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Public score</th>
              <th scope="col" className="px-3 py-2 font-medium">Checks</th>
              <th scope="col" className="px-3 py-2 font-medium">Description / error</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => {
              const selectable = row.status === "scored" && row.passedChecks !== false;
              const checked = chosen.has(row.id);
              return (
                <tr key={row.id} data-testid="my-submission-row">
                  <td className="px-3 py-2">
                    <input
                      type="checkbox"
                      name="final"
                      value={row.id}
                      checked={checked}
                      disabled={
                        !canSelect || !selectable || (!checked && chosen.size >= finalLimit)
                      }
                      onChange={(event) => toggle(row.id, event.target.checked)}
                      aria-label={`Select the submission of ${formatUtc(row.createdAt)} as final`}
                      className="h-4 w-4 accent-brand-700"
                    />
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    <Link href={`/submissions/${row.id}`} className={linkClass}>
                      {formatUtc(row.createdAt)}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    <SubmissionStatusBadge status={row.status} />
                  </td>
                  <td className="px-3 py-2 text-right font-mono">{formatScore(row.publicScore)}</td>
                  <td className="px-3 py-2">
                    {row.passedChecks === null ? (
                      "–"
                    ) : row.passedChecks ? (
                      <span className="text-emerald-700">passed</span>
                    ) : (
                      <span className="text-red-700">
                        failed: {row.failedChecks.join(", ")}
                      </span>
                    )}
                  </td>
                  <td className="max-w-md px-3 py-2">
                    {row.error ? (
                      <span className="text-red-700">
                        {row.failureKind === "platform" ? "Platform error (not counted): " : ""}
                        {row.error}
                      </span>
                    ) : (
                      <span className="text-slate-700">
                        {row.description || <span className="text-slate-400">{row.fileName}</span>}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {canSelect ? (
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={pending} className={buttonClass}>
            {pending ? "Saving…" : "Save final selection"}
          </button>
          <p className="text-sm text-slate-600">
            Choose up to {finalLimit}. Without a choice, your best public scores count.
          </p>
        </div>
      ) : (
        <p className="text-sm text-slate-600">
          The challenge is closed, so the final selection can no longer change.
        </p>
      )}
      <div aria-live="polite">
        {state.status === "saved" ? (
          <p className="text-sm text-emerald-800">
            Saved: {state.count === 0 ? "your best public scores count" : `${state.count} final submission${state.count === 1 ? "" : "s"}`}.
          </p>
        ) : null}
        {state.status === "invalid" ? (
          <p role="alert" className="text-sm text-red-700">
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
