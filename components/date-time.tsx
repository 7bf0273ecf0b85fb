import { formatUtc, toIsoString, type DateInput } from "@/lib/format";

import { LocalTime } from "./local-time";

/** A date in UTC, followed by the reader's local time once the page loads. */
export function DateTime({ value }: { value: DateInput }) {
  const iso = toIsoString(value);
  return (
    <span>
      <time dateTime={iso}>{formatUtc(value)}</time>{" "}
      <span className="text-slate-500">
        <LocalTime iso={iso} />
      </span>
    </span>
  );
}
