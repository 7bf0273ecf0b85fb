import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";

import { toChallengeView } from "@/app/_lib/challenge-view";
import {
  detailLabel,
  parseChecks,
  parsePeakDetails,
  parseRocCurve,
  scalarDetails,
} from "@/app/_lib/submission-view";
import { ChecksTable } from "@/components/checks-table";
import { DateTime } from "@/components/date-time";
import { LiveStatus } from "@/components/live-status";
import { PeakChart } from "@/components/peak-chart";
import { RocChart } from "@/components/roc-chart";
import { cardClass, linkClass } from "@/components/styles";
import type { Submission } from "@/db/schema";
import { isStaff } from "@/lib/auth/roles";
import { getSessionUser } from "@/lib/auth/session";
import { formatBytes, formatScore } from "@/lib/format";
import { getChallengeById } from "@/lib/server/challenges";
import { getSubmissionById, getTeamForUser } from "@/lib/server/submissions";
import type { PublicUser } from "@/lib/server/users";

export const metadata: Metadata = { title: "Submission" };

/** Checks that the user is staff, the uploader or on the submission's team. */
async function canView(user: PublicUser, submission: Submission): Promise<boolean> {
  if (isStaff(user)) return true;
  if (submission.userId === user.id) return true;
  if (!submission.teamId) return false;
  const team = await getTeamForUser(user.id, submission.challengeId);
  return team?.id === submission.teamId;
}

function ScoreSummary({ submission }: { submission: Submission }) {
  if (submission.status !== "scored") return null;
  return (
    <div className="flex flex-wrap items-end gap-x-8 gap-y-2">
      <div>
        <p className="text-sm font-medium text-slate-600">Public score</p>
        <p className="font-mono text-3xl font-bold" data-testid="public-score">
          {formatScore(submission.publicScore)}
        </p>
      </div>
      {submission.passedChecks === false ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          A gating check failed, so this submission is not ranked.
        </p>
      ) : null}
    </div>
  );
}

function FailureNotice({ submission }: { submission: Submission }) {
  if (submission.status !== "failed") return null;
  const platform = submission.failureKind === "platform";
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4">
      <p className="font-semibold text-red-900">
        {platform ? "Scoring failed because of a platform error" : "The submission was rejected"}
      </p>
      <pre
        data-testid="submission-error"
        className="mt-2 font-mono text-sm break-words whitespace-pre-wrap text-red-900"
      >
        {submission.error ?? "No reason was recorded."}
      </pre>
      {platform ? null : (
        <p className="mt-2 text-sm text-red-800">Fix the file and submit it again.</p>
      )}
    </div>
  );
}

export default async function SubmissionPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const user = await getSessionUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/submissions/${id}`)}`);

  // Someone else's submission gets the same 404 as a missing one, so ids
  // cannot be probed.
  const submission = await getSubmissionById(id);
  if (!submission || !(await canView(user, submission))) notFound();
  const challenge = await getChallengeById(submission.challengeId);
  if (!challenge) notFound();
  const view = toChallengeView(challenge);

  const checks = parseChecks(submission.checks);
  const rocCurve = parseRocCurve(submission.rocCurve);
  const peak = parsePeakDetails(submission.details);
  const detailRows = scalarDetails(submission.details);

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">
          <Link href={`/challenges/${challenge.slug}/submissions`} className={linkClass}>
            {view.definition.title}
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-bold sm:text-3xl">Submission</h1>
        <p className="mt-1 font-mono text-xs break-all text-slate-500">{submission.id}</p>
      </div>

      <section aria-labelledby="status-heading" className={`${cardClass} space-y-4`}>
        <h2 id="status-heading" className="sr-only">
          Status
        </h2>
        <LiveStatus id={submission.id} initialStatus={submission.status} />
        <ScoreSummary submission={submission} />
        <FailureNotice submission={submission} />
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="font-medium text-slate-600">File</dt>
          <dd className="break-all">
            {submission.fileName} ({formatBytes(submission.fileSize)})
          </dd>
          {submission.description ? (
            <>
              <dt className="font-medium text-slate-600">Description</dt>
              <dd>{submission.description}</dd>
            </>
          ) : null}
          <dt className="font-medium text-slate-600">Submitted</dt>
          <dd>
            <DateTime value={submission.createdAt} />
          </dd>
          {submission.scoredAt ? (
            <>
              <dt className="font-medium text-slate-600">Finished</dt>
              <dd>
                <DateTime value={submission.scoredAt} />
              </dd>
            </>
          ) : null}
          {submission.rowCount !== null ? (
            <>
              <dt className="font-medium text-slate-600">Rows read</dt>
              <dd>{submission.rowCount}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {checks.length > 0 ? (
        <section aria-labelledby="checks-heading" className={cardClass}>
          <h2 id="checks-heading" className="text-lg font-semibold">
            Checks
          </h2>
          <div className="mt-3">
            <ChecksTable checks={checks} />
          </div>
        </section>
      ) : null}

      {rocCurve ? (
        <section aria-labelledby="roc-heading" className={cardClass}>
          <h2 id="roc-heading" className="text-lg font-semibold">
            ROC curve
          </h2>
          <div className="mt-3">
            <RocChart curve={rocCurve} />
          </div>
        </section>
      ) : null}

      {peak || detailRows.length > 0 ? (
        <section aria-labelledby="details-heading" className={cardClass}>
          <h2 id="details-heading" className="text-lg font-semibold">
            Details
          </h2>
          {peak ? (
            <div className="mt-3">
              <PeakChart data={peak} xLabel="Invariant mass (GeV)" />
            </div>
          ) : null}
          {detailRows.length > 0 ? (
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
              {detailRows.map(([key, value]) => (
                <div key={key} className="contents">
                  <dt className="font-medium text-slate-600">{detailLabel(key)}</dt>
                  <dd className="font-mono">
                    {typeof value === "number" ? formatScore(value) : String(value)}
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
