import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const fixturesDir = path.resolve(import.meta.dirname, "../fixtures/bundles");

/** Returns a minimal valid definition for `slug`, followed by `extra` YAML. */
export function definitionYaml(slug: string, extra = ""): string {
  return `slug: ${slug}
title: Temporary
summary: A bundle written by a test.
kinds: [predictions]
pages:
  overview: page.md
  data: page.md
  evaluation: page.md
  rules: page.md
limits:
  daily_submissions: 5
  max_file_mb: 1
  final_selections: 2
phase:
  opens: "2026-01-01T00:00:00Z"
  closes: "2026-12-31T23:59:59Z"
submission:
  id_column: id
  columns:
    - { name: prediction, type: number, min: 0, max: 1 }
answer_key:
  file: hidden/answer_key.csv
  split: { column: Usage, public: Public, private: Private }
metric:
  id: roc_auc
  inputs:
    labels: { answer_key: signal }
    scores: { submission: prediction }
${extra}`;
}

/**
 * Creates a temporary root folder; `bundle(slug, files)` writes a bundle
 * folder in it from a map of relative paths to contents. `cleanup()`
 * removes everything.
 */
export function tempRoot() {
  const root = mkdtempSync(path.join(os.tmpdir(), "arena-bundles-"));
  return {
    root,
    bundle(slug: string, files: Record<string, string>): string {
      const dir = path.join(root, slug);
      for (const [relative, content] of Object.entries(files)) {
        const file = path.join(dir, relative);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
      return dir;
    },
    /** Copies a fixture bundle into the root and returns its folder. */
    copyFixture(slug: string): string {
      const dir = path.join(root, slug);
      cpSync(path.join(fixturesDir, slug), dir, { recursive: true });
      return dir;
    },
    cleanup(): void {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
