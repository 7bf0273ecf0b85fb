/** The fields of a leaderboard entry that the table shows. */
export interface LeaderboardEntryRow {
  key: string;
  rank: number | null;
  name: string;
  score: number;
  entries: number | null;
  lastEntryAt: Date | string | null;
  isBenchmark: boolean;
}

export interface ReferenceLine {
  label: string;
  value: number;
}

export type TableRow =
  | { type: "entry"; entry: LeaderboardEntryRow }
  | { type: "line"; line: ReferenceLine };

/** Tells whether `score` is at least as good as `value` in `direction`. */
function atLeastAsGood(
  score: number,
  value: number,
  direction: "maximize" | "minimize",
): boolean {
  return direction === "maximize" ? score >= value : score <= value;
}

/**
 * Places reference lines (e.g. a course's pass mark) between the ranked
 * entries: each line goes after the last entry that reaches it. Entries
 * must be sorted best first. Lines are ordered from the hardest to the
 * easiest, so a "full marks" line comes above a "pass" line.
 */
export function mergeReferenceLines(
  entries: LeaderboardEntryRow[],
  lines: ReferenceLine[],
  direction: "maximize" | "minimize",
): TableRow[] {
  const sortedLines = [...lines].sort((a, b) =>
    direction === "maximize" ? b.value - a.value : a.value - b.value,
  );
  const rows: TableRow[] = [];
  let lineIndex = 0;
  for (const entry of entries) {
    while (lineIndex < sortedLines.length) {
      const line = sortedLines[lineIndex] as ReferenceLine;
      if (atLeastAsGood(entry.score, line.value, direction)) break;
      rows.push({ type: "line", line });
      lineIndex += 1;
    }
    rows.push({ type: "entry", entry });
  }
  for (; lineIndex < sortedLines.length; lineIndex += 1) {
    rows.push({ type: "line", line: sortedLines[lineIndex] as ReferenceLine });
  }
  return rows;
}
