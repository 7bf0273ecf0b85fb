import type { CheckRow } from "@/app/_lib/submission-view";
import { formatScore } from "@/lib/format";

/** Renders each gating check's value, threshold and verdict. */
export function ChecksTable({ checks }: { checks: CheckRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Gating checks</caption>
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Check</th>
            <th scope="col" className="py-2 pr-4 font-medium">Value</th>
            <th scope="col" className="py-2 pr-4 font-medium">Requirement</th>
            <th scope="col" className="py-2 font-medium">Verdict</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {checks.map((check) => (
            <tr key={check.name} data-testid={`check-${check.name}`}>
              <th scope="row" className="py-2 pr-4 font-medium">
                {check.title ?? check.name}
                {check.title ? (
                  <span className="block font-mono text-xs font-normal text-slate-500">
                    {check.name}
                  </span>
                ) : null}
              </th>
              <td className="py-2 pr-4 font-mono">{formatScore(check.value)}</td>
              <td className="py-2 pr-4 font-mono">
                {check.comparison ?? "threshold"} {formatScore(check.threshold)}
              </td>
              <td className="py-2">
                {check.passed ? (
                  <span className="font-semibold text-emerald-700">Passed</span>
                ) : (
                  <span className="font-semibold text-red-700">Failed</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
