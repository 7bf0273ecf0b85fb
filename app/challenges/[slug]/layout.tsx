import { loadChallengeView } from "@/app/_lib/challenge-view";
import { ChallengeTabs } from "@/components/challenge-tabs";
import { DateTime } from "@/components/date-time";
import { ChallengeStatusBadge } from "@/components/status-badge";

export default async function ChallengeLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const view = await loadChallengeView(slug);
  const { definition, status } = view;

  return (
    <div>
      <div className="flex flex-wrap items-center gap-3">
        <ChallengeStatusBadge status={status} />
        <p className="text-sm text-slate-600">
          {status === "upcoming" ? "Opens " : null}
          {status === "upcoming" ? <DateTime value={view.row.opensAt} /> : null}
          {status === "open" ? "Closes " : null}
          {status === "closed" ? "Closed " : null}
          {status !== "upcoming" ? <DateTime value={view.closesAt} /> : null}
        </p>
      </div>
      <h1 className="mt-2 text-2xl font-bold sm:text-3xl">{definition.title}</h1>
      <p className="mt-1 max-w-3xl text-slate-600">{definition.summary}</p>
      <div className="mt-6">
        <ChallengeTabs slug={view.row.slug} />
      </div>
      <div className="mt-6">{children}</div>
    </div>
  );
}
