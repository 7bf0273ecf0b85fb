/** A date as a Date object, an ISO 8601 string or epoch milliseconds. */
export type DateInput = Date | string | number;

function toDate(value: DateInput): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`Invalid date: ${String(value)}`);
  }
  return date;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** Formats a date as `YYYY-MM-DD HH:MM UTC`, the same for every reader. */
export function formatUtc(value: DateInput): string {
  const date = toDate(value);
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** Formats a date as an ISO 8601 string for `<time dateTime>`. */
export function toIsoString(value: DateInput): string {
  return toDate(value).toISOString();
}

/**
 * Formats a date in the given time zone (the reader's own when omitted),
 * e.g. `4 Dec 2026, 16:36 CET`. Runs in the browser for local times.
 */
export function formatLocal(value: DateInput, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
    ...(timeZone ? { timeZone } : {}),
  }).format(toDate(value));
}

const scoreFormat = new Intl.NumberFormat("en-US", {
  maximumSignificantDigits: 6,
  useGrouping: false,
});

/**
 * Formats a score with up to six significant digits, or an en dash when
 * there is none (not scored yet, failed, or not a finite number).
 */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return "–";
  }
  if (value !== 0 && Math.abs(value) < 1e-4) {
    return value.toExponential(3);
  }
  return scoreFormat.format(value);
}

/** Formats a size in bytes with binary units, e.g. `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || size >= 10 ? 0 : 1;
  return `${size.toFixed(digits)} ${units[unit]}`;
}

/**
 * Formats a duration in milliseconds in words, e.g. `3 days 4 hours` or
 * `25 minutes`, and `less than a minute` below one minute.
 */
export function formatDuration(milliseconds: number): string {
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 1) return "less than a minute";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const plural = (count: number, word: string) =>
    `${count} ${word}${count === 1 ? "" : "s"}`;
  if (days > 0) {
    return hours > 0
      ? `${plural(days, "day")} ${plural(hours, "hour")}`
      : plural(days, "day");
  }
  if (hours > 0) {
    return rest > 0
      ? `${plural(hours, "hour")} ${plural(rest, "minute")}`
      : plural(hours, "hour");
  }
  return plural(rest, "minute");
}
