import {
  mergeReferenceLines,
  type LeaderboardEntryRow,
  type ReferenceLine,
} from "@/app/_lib/leaderboard-rows";
import { formatScore, formatUtc } from "@/lib/format";

import { Tag } from "./status-badge";

/**
 * Renders a ranked leaderboard with benchmark rows and reference lines
 * marked. Entries must be sorted best first.
 */
export function LeaderboardTable({
  entries,
  referenceLines,
  direction,
  caption,
  metricLabel,
}: {
  entries: LeaderboardEntryRow[];
  referenceLines: ReferenceLine[];
  direction: "maximize" | "minimize";
  caption: string;
  metricLabel: string;
}) {
  const rows = mergeReferenceLines(entries, referenceLines, direction);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="w-16 px-4 py-2 font-medium">Rank</th>
            <th scope="col" className="px-4 py-2 font-medium">Participant</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              {metricLabel}{" "}
              <span className="font-normal text-slate-500">
                ({direction === "maximize" ? "higher" : "lower"} is better)
              </span>
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Entries</th>
            <th scope="col" className="px-4 py-2 font-medium">Last entry</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={5} className="px-4 py-6 text-center text-slate-600">
                No scored submissions yet.
              </td>
            </tr>
          ) : null}
          {rows.map((row) =>
            row.type === "line" ? (
              <tr
                key={`line-${row.line.label}`}
                data-testid="reference-line"
                className="border-y-2 border-dashed border-amber-400 bg-amber-50"
              >
                <td className="px-4 py-1.5" aria-hidden="true" />
                <th scope="row" className="px-4 py-1.5 font-semibold text-amber-900">
                  {row.line.label}
                </th>
                <td className="px-4 py-1.5 text-right font-mono text-amber-900">
                  {formatScore(row.line.value)}
                </td>
                <td colSpan={2} className="px-4 py-1.5 text-xs text-amber-800">
                  reference line
                </td>
              </tr>
            ) : (
              <tr
                key={row.entry.key}
                data-testid={row.entry.isBenchmark ? "benchmark-row" : "leaderboard-row"}
                className={`border-t border-slate-100 ${row.entry.isBenchmark ? "bg-sky-50 italic" : ""}`}
              >
                <td className="px-4 py-2 font-mono">{row.entry.rank ?? "–"}</td>
                <th scope="row" className="px-4 py-2 font-medium">
                  {row.entry.name}{" "}
                  {row.entry.isBenchmark ? <Tag>benchmark</Tag> : null}
                </th>
                <td className="px-4 py-2 text-right font-mono">
                  {formatScore(row.entry.score)}
                </td>
                <td className="px-4 py-2 text-right">{row.entry.entries ?? "–"}</td>
                <td className="px-4 py-2 whitespace-nowrap text-slate-600">
                  {row.entry.lastEntryAt ? formatUtc(row.entry.lastEntryAt) : "–"}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
