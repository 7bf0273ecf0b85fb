/**
 * Loads the metric fixtures that tests/reference/metrics/make_fixtures.py
 * computes with scikit-learn, scipy and numpy.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { MetricInput } from "../../../scorers/types";

export interface FixtureCase {
  name: string;
  metric?: string;
  input: MetricInput;
  params: Record<string, unknown>;
  expected: number;
}

interface RawCase {
  name: string;
  metric?: string;
  input: Record<string, unknown>;
  params: Record<string, unknown>;
  expected: number;
}

const fixtureDir = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "fixtures",
  "metrics",
);

/** Reads one fixture file, flattening probability rows to row-major. */
export function loadFixture(file: string): FixtureCase[] {
  const text = readFileSync(path.join(fixtureDir, file), "utf8");
  const { cases } = JSON.parse(text) as { cases: RawCase[] };
  return cases.map((raw) => {
    const input = { ...raw.input } as MetricInput & {
      probabilities?: unknown;
    };
    const rows = raw.input.probabilities as number[][] | undefined;
    if (rows) {
      input.probabilities = rows.flat();
      input.classes = rows[0]?.length ?? 0;
    }
    return { ...raw, input };
  });
}

/** Asserts |actual - expected| <= tolerance * max(1, |expected|). */
export function assertClose(
  actual: number,
  expected: number,
  label: string,
  tolerance = 1e-12,
): void {
  const scale = Math.max(1, Math.abs(expected));
  if (Math.abs(actual - expected) <= tolerance * scale) return;
  throw new Error(`${label}: expected ${expected}, got ${actual}`);
}
