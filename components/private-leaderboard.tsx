import type { ChallengeView } from "@/app/_lib/challenge-view";
import { metricLabel, toTableEntries } from "@/app/_lib/leaderboard-view";
import { getPrivateLeaderboard } from "@/lib/server/leaderboard";

import { LeaderboardTable } from "./leaderboard-table";

/**
 * Renders the private leaderboard of a challenge. The caller must have checked
 * that the viewer may see it (staff, or anyone after the close).
 */
export async function PrivateLeaderboard({ view }: { view: ChallengeView }) {
  const leaderboard = await getPrivateLeaderboard(view.row);
  return (
    <LeaderboardTable
      entries={toTableEntries(leaderboard)}
      referenceLines={leaderboard.referenceLines}
      direction={leaderboard.direction}
      caption={`Private leaderboard of ${view.definition.title}`}
      metricLabel={metricLabel(view)}
    />
  );
}
