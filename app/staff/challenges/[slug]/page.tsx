import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, redirect } from "next/navigation";

import { loadChallengeView } from "@/app/_lib/challenge-view";
import { parseChecks } from "@/app/_lib/submission-view";
import {
  closeChallengeAction,
  rescoreChallengeAction,
  rescoreSubmissionAction,
} from "@/app/staff/actions";
import { AutoRefresh } from "@/components/auto-refresh";
import { DateTime } from "@/components/date-time";
import { PrivateLeaderboard } from "@/components/private-leaderboard";
import { StaffActionForm } from "@/components/staff-action-form";
import { ChallengeStatusBadge, SubmissionStatusBadge, Tag } from "@/components/status-badge";
import { cardClass, linkClass } from "@/components/styles";
import type { Submission } from "@/db/schema";
import { isStaff } from "@/lib/auth/roles";
import { getSessionUser } from "@/lib/auth/session";
import { formatScore, formatUtc } from "@/lib/format";
import { listSubmissionsForChallenge } from "@/lib/server/submissions";
import { getUserById } from "@/lib/server/users";

export const metadata: Metadata = { title: "Staff: challenge" };

/** Names the uploader of each submission, one lookup per distinct user. */
async function uploaderNames(submissions: Submission[]): Promise<Map<string, string>> {
  const ids = [...new Set(submissions.map((row) => row.userId).filter((id) => id !== null))];
  const users = await Promise.all(ids.map((id) => getUserById(id)));
  const names = new Map<string, string>();
  for (const user of users) {
    if (user) names.set(user.id, `${user.name} <${user.email}>`);
  }
  return names;
}

function failedCheckNames(submission: Submission): string {
  return parseChecks(submission.checks)
    .filter((check) => !check.passed)
    .map((check) => check.name)
    .join(", ");
}

export default async function StaffChallengePage({
  params,
}: {
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const user = await getSessionUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/staff/challenges/${slug}`)}`);
  if (!isStaff(user)) forbidden();

  const view = await loadChallengeView(slug);
  const submissions = await listSubmissionsForChallenge(view.row.id);
  const names = await uploaderNames(submissions);
  const pending = submissions.some(
    (submission) => submission.status === "queued" || submission.status === "scoring",
  );

  return (
    <div className="space-y-6">
      {pending ? <AutoRefresh intervalMs={3000} /> : null}
      <div>
        <p className="text-sm">
          <Link href="/staff" className={linkClass}>
            Staff
          </Link>
        </p>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold sm:text-3xl">{view.definition.title}</h1>
          <ChallengeStatusBadge status={view.status} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          Opens <DateTime value={view.row.opensAt} />, closes{" "}
          <DateTime value={view.closesAt} />
          {view.row.closedEarlyAt ? " (closed early by staff)" : ""}.
        </p>
      </div>

      <section aria-labelledby="actions-heading" className={`${cardClass} flex flex-wrap gap-4`}>
        <h2 id="actions-heading" className="sr-only">
          Actions
        </h2>
        <StaffActionForm
          action={rescoreChallengeAction}
          fields={{ slug: view.row.slug }}
          label="Rescore all"
          pendingLabel="Queuing…"
          confirmText={`Score all ${submissions.length} submissions of this challenge again?`}
        />
        {view.status !== "closed" ? (
          <StaffActionForm
            action={closeChallengeAction}
            fields={{ slug: view.row.slug }}
            label="Close now"
            pendingLabel="Closing…"
            variant="danger"
            confirmText="Close the challenge now? Participants can no longer submit."
          />
        ) : null}
      </section>

      <section aria-labelledby="private-heading" className="space-y-3">
        <h2 id="private-heading" className="text-lg font-semibold">
          Private leaderboard
        </h2>
        <PrivateLeaderboard view={view} />
      </section>

      <section aria-labelledby="submissions-heading" className="space-y-3">
        <h2 id="submissions-heading" className="text-lg font-semibold">
          All submissions ({submissions.length})
        </h2>
        {/* Positioned, so the absolutely placed sr-only header stays inside the scroll box. */}
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">All submissions of {view.definition.title}</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Submitted</th>
                <th scope="col" className="px-3 py-2 font-medium">User</th>
                <th scope="col" className="px-3 py-2 font-medium">Status</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Public</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Private</th>
                <th scope="col" className="px-3 py-2 font-medium">Checks / error</th>
                <th scope="col" className="px-3 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {submissions.map((submission) => (
                <tr key={submission.id} data-testid="staff-submission-row">
                  <td className="px-3 py-2 whitespace-nowrap">
                    <Link href={`/submissions/${submission.id}`} className={linkClass}>
                      {formatUtc(submission.createdAt)}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    {submission.isBenchmark ? (
                      <Tag>benchmark</Tag>
                    ) : (
                      (submission.userId && names.get(submission.userId)) ?? "deleted user"
                    )}
                    {submission.selectedFinal ? (
                      <span className="ml-1">
                        <Tag>final</Tag>
                      </span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">
                    <SubmissionStatusBadge status={submission.status} />
                  </td>
                  <td className="px-3 py-2 text-right font-mono">
                    {formatScore(submission.publicScore)}
                  </td>
                  <td className="px-3 py-2 text-right font-mono">
                    {formatScore(submission.privateScore)}
                  </td>
                  <td className="max-w-sm px-3 py-2">
                    {submission.error ? (
                      <span className="text-red-700">
                        {submission.failureKind === "platform" ? "[platform] " : ""}
                        {submission.error}
                      </span>
                    ) : submission.passedChecks === false ? (
                      <span className="text-red-700">failed: {failedCheckNames(submission)}</span>
                    ) : submission.passedChecks ? (
                      <span className="text-emerald-700">passed</span>
                    ) : (
                      "–"
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <StaffActionForm
                      action={rescoreSubmissionAction}
                      fields={{ submissionId: submission.id }}
                      label="Rescore"
                      pendingLabel="Queuing…"
                      accessibleLabel={`Rescore the submission of ${formatUtc(submission.createdAt)}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
