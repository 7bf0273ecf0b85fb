import type { Metadata } from "next";
import Link from "next/link";

import { loadChallengeView } from "@/app/_lib/challenge-view";
import { metricLabel, toTableEntries } from "@/app/_lib/leaderboard-view";
import { LeaderboardTable } from "@/components/leaderboard-table";
import { linkClass, secondaryButtonClass } from "@/components/styles";
import { getSessionUser } from "@/lib/auth/session";
import { formatScore, formatUtc } from "@/lib/format";
import { canViewPrivate, getLeaderboard } from "@/lib/server/leaderboard";

export const metadata: Metadata = { title: "Leaderboard" };

const boardTabClass =
  "rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-brand-50 aria-[current=page]:text-brand-800";

export default async function LeaderboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const query = await searchParams;
  const view = await loadChallengeView(slug);
  const user = await getSessionUser();
  const privateAllowed = canViewPrivate(user, view.row);
  const board = query.board === "private" && privateAllowed ? "private" : "public";

  const leaderboard = await getLeaderboard(view.row, board, { viewerId: user?.id });
  const base = `/challenges/${view.row.slug}/leaderboard`;
  const download = (format: string) =>
    `${base}/download?format=${format}&board=${board}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Leaderboards" className="flex gap-1">
          <Link
            href={base}
            aria-current={board === "public" ? "page" : undefined}
            className={boardTabClass}
          >
            Public
          </Link>
          {privateAllowed ? (
            <Link
              href={`${base}?board=private`}
              aria-current={board === "private" ? "page" : undefined}
              className={boardTabClass}
            >
              Private
            </Link>
          ) : null}
        </nav>
        <div className="flex gap-2">
          <a href={download("json")} className={secondaryButtonClass}>
            Download JSON
          </a>
          <a href={download("csv")} className={secondaryButtonClass}>
            Download CSV
          </a>
        </div>
      </div>

      <p className="text-sm text-slate-600">
        {board === "public"
          ? "Each participant's best score on the public part of the test set. Ties go to the earlier submission."
          : "Scores on the private part of the test set, from each participant's final submissions."}
        {!privateAllowed ? " The private leaderboard opens when the challenge closes." : ""}
      </p>

      <LeaderboardTable
        entries={toTableEntries(leaderboard)}
        referenceLines={leaderboard.referenceLines}
        direction={leaderboard.direction}
        caption={`${board === "public" ? "Public" : "Private"} leaderboard of ${view.definition.title}`}
        metricLabel={metricLabel(view)}
      />

      {leaderboard.ownFailedChecks.length > 0 ? (
        <section aria-labelledby="unranked-heading" className="rounded-lg border border-red-200 bg-red-50 p-4">
          <h2 id="unranked-heading" className="font-semibold text-red-900">
            Your unranked submissions
          </h2>
          <p className="mt-1 text-sm text-red-900">
            These submissions failed a gating check, so they are not ranked.
          </p>
          <ul className="mt-2 space-y-1 text-sm">
            {leaderboard.ownFailedChecks.map((failed) => (
              <li key={failed.submissionId}>
                <Link href={`/submissions/${failed.submissionId}`} className={linkClass}>
                  {formatUtc(failed.submittedAt)}
                </Link>{" "}
                (public score {formatScore(failed.publicScore)}): {failed.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
