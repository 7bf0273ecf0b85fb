const challengeStyles = {
  upcoming: "bg-sky-50 text-sky-800 ring-sky-200",
  open: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  closed: "bg-slate-100 text-slate-700 ring-slate-300",
} as const;

const submissionStyles = {
  queued: "bg-amber-50 text-amber-800 ring-amber-200",
  scoring: "bg-sky-50 text-sky-800 ring-sky-200",
  scored: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
} as const;

const badgeClass =
  "inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold capitalize ring-1 ring-inset";

/** A challenge's phase: upcoming, open or closed. */
export function ChallengeStatusBadge({
  status,
}: {
  status: keyof typeof challengeStyles;
}) {
  return (
    <span className={`${badgeClass} ${challengeStyles[status]}`}>{status}</span>
  );
}

/** A submission's status: queued, scoring, scored or failed. */
export function SubmissionStatusBadge({
  status,
}: {
  status: keyof typeof submissionStyles;
}) {
  return (
    <span
      className={`${badgeClass} ${submissionStyles[status]}`}
      data-testid="submission-status"
    >
      {status}
    </span>
  );
}

/** A small grey label, e.g. a submission kind. */
export function Tag({ children }: { children: React.ReactNode }) {
  return (
    <span className="inline-flex items-center rounded-md bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
      {children}
    </span>
  );
}
