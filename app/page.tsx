import Link from "next/link";

import { toChallengeView, type ChallengeView } from "@/app/_lib/challenge-view";
import { DateTime } from "@/components/date-time";
import { ChallengeStatusBadge, Tag } from "@/components/status-badge";
import { listChallenges } from "@/lib/server/challenges";

export const dynamic = "force-dynamic";

const kindLabels = {
  predictions: "Prediction file",
  model: "Model",
  parameters: "Parameters",
} as const;

/** Open challenges first, then upcoming, then closed; by deadline within each. */
function compareChallenges(a: ChallengeView, b: ChallengeView): number {
  const order = { open: 0, upcoming: 1, closed: 2 } as const;
  const byStatus = order[a.status] - order[b.status];
  if (byStatus !== 0) return byStatus;
  return a.row.opensAt.getTime() - b.row.opensAt.getTime();
}

function ChallengeCard({ view }: { view: ChallengeView }) {
  const { row, definition, status } = view;
  const headingId = `challenge-${row.slug}`;
  return (
    <li>
      <article
        aria-labelledby={headingId}
        className="relative flex h-full flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-600 focus-within:ring-2 focus-within:ring-brand-600"
      >
        <div className="flex flex-wrap items-center gap-2">
          <ChallengeStatusBadge status={status} />
          {definition.kinds.map((kind) => (
            <Tag key={kind}>{kindLabels[kind]}</Tag>
          ))}
        </div>
        <h2 id={headingId} className="mt-3 text-lg font-semibold">
          <Link
            href={`/challenges/${row.slug}`}
            className="after:absolute after:inset-0 focus:outline-none"
          >
            {definition.title}
          </Link>
        </h2>
        <p className="mt-2 flex-1 text-sm text-slate-600">{definition.summary}</p>
        <dl className="mt-4 space-y-1 text-sm">
          <div className="flex flex-wrap gap-x-2">
            <dt className="font-medium text-slate-700">
              {status === "upcoming" ? "Opens" : "Opened"}
            </dt>
            <dd>
              <DateTime value={row.opensAt} />
            </dd>
          </div>
          <div className="flex flex-wrap gap-x-2">
            <dt className="font-medium text-slate-700">
              {status === "closed" ? "Closed" : "Closes"}
            </dt>
            <dd>
              <DateTime value={view.closesAt} />
            </dd>
          </div>
        </dl>
      </article>
    </li>
  );
}

export default async function ChallengeListPage() {
  const rows = await listChallenges();
  const views = rows.map((row) => toChallengeView(row)).sort(compareChallenges);

  return (
    <div>
      <h1 className="text-2xl font-bold sm:text-3xl">Challenges</h1>
      <p className="mt-2 max-w-3xl text-slate-600">
        Machine-learning problems on LHC data. Upload a prediction file, a
        model or a parameter set; the server scores it and ranks it on the
        leaderboard.
      </p>
      {views.length === 0 ? (
        <p className="mt-8 rounded-md border border-dashed border-slate-300 p-6 text-slate-600">
          No challenges are loaded yet. Staff can reload the bundles from the
          staff page.
        </p>
      ) : (
        <ul className="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {views.map((view) => (
            <ChallengeCard key={view.row.id} view={view} />
          ))}
        </ul>
      )}
    </div>
  );
}
