import { z } from "zod";

// The jsonb columns of a submission are written by the scoring worker.
// They are parsed leniently here so one malformed row hides its chart
// instead of breaking the page.

const checkSchema = z.object({
  name: z.string(),
  title: z.string().nullish(),
  metric: z.string().nullish(),
  value: z.number().nullable(),
  comparison: z.enum(["<", "<=", ">", ">="]).nullish(),
  threshold: z.number(),
  passed: z.boolean(),
});

export type CheckRow = z.infer<typeof checkSchema>;

const rocSchema = z.object({
  fpr: z.array(z.number()).min(2),
  tpr: z.array(z.number()).min(2),
});

const peakDetailsSchema = z.object({
  histogram: z.object({
    centres: z.array(z.number()).min(1),
    counts: z.array(z.number()).min(1),
  }),
  curve: z.array(z.number()).min(1),
});

/** Parses the stored gating checks; an invalid value yields no checks. */
export function parseChecks(value: unknown): CheckRow[] {
  const parsed = z.array(checkSchema).safeParse(value);
  return parsed.success ? parsed.data : [];
}

/** Parses the stored ROC curve, or undefined when there is none. */
export function parseRocCurve(value: unknown) {
  const parsed = rocSchema.safeParse(value);
  if (!parsed.success) return undefined;
  if (parsed.data.fpr.length !== parsed.data.tpr.length) return undefined;
  return parsed.data;
}

/** Reads a histogram with a fitted curve from an objective's details. */
export function parsePeakDetails(value: unknown) {
  const parsed = peakDetailsSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { histogram, curve } = parsed.data;
  return { centres: histogram.centres, counts: histogram.counts, curve };
}

/**
 * Turns a details key into a table label: `selectedEvents` and
 * `selected_events` both become "Selected events".
 */
export function detailLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replaceAll("_", " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Returns the scalar entries of an objective's details (numbers, strings and
 * booleans at the top level), for a plain table next to the charts.
 */
export function scalarDetails(value: unknown): [string, string | number | boolean][] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value).filter(
    (entry): entry is [string, string | number | boolean] =>
      ["string", "number", "boolean"].includes(typeof entry[1]),
  );
}
