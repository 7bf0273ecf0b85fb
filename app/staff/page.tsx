import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, redirect } from "next/navigation";

import { toChallengeView } from "@/app/_lib/challenge-view";
import { StaffActionForm } from "@/components/staff-action-form";
import { ChallengeStatusBadge } from "@/components/status-badge";
import { linkClass } from "@/components/styles";
import { isStaff } from "@/lib/auth/roles";
import { getSessionUser } from "@/lib/auth/session";
import { formatUtc } from "@/lib/format";
import { listChallenges } from "@/lib/server/challenges";
import { countSubmissionsByStatus } from "@/lib/server/submissions";

import { reloadBundlesAction } from "./actions";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin?callbackUrl=/staff");
  if (!isStaff(user)) forbidden();

  const rows = await listChallenges();
  const challenges = await Promise.all(
    rows.map(async (row) => ({
      view: toChallengeView(row),
      counts: await countSubmissionsByStatus(row.id),
    })),
  );

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold sm:text-3xl">Staff</h1>
          <p className="mt-1 text-slate-600">
            Submissions, rescoring and deadlines of every challenge.
          </p>
        </div>
        <StaffActionForm
          action={reloadBundlesAction}
          label="Reload bundles"
          pendingLabel="Reloading…"
          variant="primary"
        />
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">Challenges</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Challenge</th>
              <th scope="col" className="px-4 py-2 font-medium">Status</th>
              <th scope="col" className="px-4 py-2 font-medium">Closes</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Queued</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Scoring</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Scored</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Failed</th>
              <th scope="col" className="px-4 py-2 font-medium">Bundle loaded</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {challenges.map(({ view, counts }) => (
              <tr key={view.row.id}>
                <th scope="row" className="px-4 py-2 font-medium">
                  <Link href={`/staff/challenges/${view.row.slug}`} className={linkClass}>
                    {view.definition.title}
                  </Link>
                </th>
                <td className="px-4 py-2">
                  <ChallengeStatusBadge status={view.status} />
                </td>
                <td className="px-4 py-2 whitespace-nowrap">{formatUtc(view.closesAt)}</td>
                <td className="px-4 py-2 text-right">{counts.queued}</td>
                <td className="px-4 py-2 text-right">{counts.scoring}</td>
                <td className="px-4 py-2 text-right">{counts.scored}</td>
                <td className="px-4 py-2 text-right">{counts.failed}</td>
                <td className="px-4 py-2 whitespace-nowrap">{formatUtc(view.row.loadedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
