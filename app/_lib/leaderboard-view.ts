import type { ChallengeView } from "@/app/_lib/challenge-view";
import type { LeaderboardEntryRow } from "@/app/_lib/leaderboard-rows";
import type { Leaderboard } from "@/lib/server/leaderboard";

/** Converts the server's leaderboard entries into table rows. */
export function toTableEntries(leaderboard: Leaderboard): LeaderboardEntryRow[] {
  return leaderboard.entries.map((entry) => ({
    key: entry.submissionId,
    rank: entry.rank,
    name: entry.teamName,
    score: entry.score,
    entries: entry.isBenchmark ? null : entry.entries,
    lastEntryAt: entry.isBenchmark ? null : entry.lastEntryAt,
    isBenchmark: entry.isBenchmark,
  }));
}

/** Returns the column title of the score: the metric id, or "Objective". */
export function metricLabel(view: ChallengeView): string {
  return view.definition.metric?.id ?? "Objective";
}
