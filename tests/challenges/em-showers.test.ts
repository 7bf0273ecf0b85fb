import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { loadBundle } from "../../lib/challenge/load";
import { getChallengeData } from "../../lib/course/registry";
import { SubmissionError } from "../../lib/reader/errors";
import { assertClose, copyBundle, demoBundle, readFixture, readRows, repoRoot, scoreFile, writeSubmission } from "./helpers";

const slug = "em-showers";
type Parts = { public: number; private: number };
type Values = { baseline: Parts; formula: Parts };
const fixture = readFixture<{ demo: Values; course_format: Values }>(slug);

function writeFormula(dir: string): string {
  const rows = readRows(path.join(dir, "public", "test.csv"));
  const lines = rows.map((row) => {
    const tx = Number(row.TX);
    const ty = Number(row.TY);
    return `${row.id},${Math.exp(-(tx * tx + ty * ty) / 0.02) / (1 + 0.1 * Number(row.chi2))}`;
  });
  return writeSubmission(dir, "formula.csv", ["id,signal", ...lines].join("\n") + "\n");
}
const digest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

test("em-showers bundle loads from the repository", () => {
  const bundle = loadBundle(path.join(repoRoot, "challenges", slug));
  assert.equal(bundle.definition.metric?.id, "roc_auc");
});

describe("em-showers demo data", () => {
  let demo: { dir: string; cleanup: () => void };
  before(async () => {
    demo = await demoBundle(slug);
  });
  after(() => demo.cleanup());

  test("generation is deterministic for a seed", async () => {
    const again = await demoBundle(slug);
    for (const file of ["public/training.csv", "public/test.csv", "hidden/answer-key.csv"]) {
      assert.equal(digest(path.join(again.dir, file)), digest(path.join(demo.dir, file)));
    }
    again.cleanup();
  });

  test("baseline matches sklearn roc_auc_score", async () => {
    const result = await scoreFile(demo.dir, path.join(demo.dir, "public", "baseline-submission.csv"));
    assertClose(result.publicScore, fixture.demo.baseline.public, "public AUC");
    assertClose(result.privateScore, fixture.demo.baseline.private, "private AUC");
  });

  test("formula submission matches sklearn roc_auc_score", async () => {
    const result = await scoreFile(demo.dir, writeFormula(demo.dir));
    assertClose(result.publicScore, fixture.demo.formula.public, "public AUC");
    assertClose(result.privateScore, fixture.demo.formula.private, "private AUC");
  });

  test("odd size keeps bricks apart", async () => {
    const copy = copyBundle(slug);
    try {
      await getChallengeData(slug)!.generate({ bundleDir: copy.dir, seed: 4, rows: 7777 });
      const trainingBricks = new Set(readRows(path.join(copy.dir, "public", "training.csv")).map((row) => row.data_ind));
      const testRows = readRows(path.join(copy.dir, "public", "test.csv"));
      assert.equal(testRows.length, 7777);
      for (const row of testRows) assert.ok(!trainingBricks.has(row.data_ind), `brick ${row.data_ind} is in both sets`);
    } finally {
      copy.cleanup();
    }
  });

  test("missing id is reported", async () => {
    const lines = readFileSync(path.join(demo.dir, "public", "baseline-submission.csv"), "utf8").trim().split("\n");
    const file = writeSubmission(demo.dir, "short.csv", lines.slice(0, -1).join("\n") + "\n");
    await assert.rejects(scoreFile(demo.dir, file), (error: unknown) => {
      assert.ok(error instanceof SubmissionError);
      assert.equal(error.reason, "missing_ids");
      return true;
    });
  });

  test("import splits by brick and scores", async () => {
    const copy = copyBundle(slug);
    try {
      const source = path.join(demo.dir, "public", "training.csv");
      const data = getChallengeData(slug)!;
      await data.importFrom({ bundleDir: copy.dir, from: source, seed: data.defaultSeed });
      const trainingBricks = new Set(readRows(path.join(copy.dir, "public", "training.csv")).map((row) => row.data_ind));
      const testBricks = new Set(readRows(path.join(copy.dir, "public", "test.csv")).map((row) => row.data_ind));
      assert.ok(trainingBricks.size > 0);
      assert.ok(testBricks.size > 0);
      for (const brick of testBricks) assert.ok(!trainingBricks.has(brick), `brick ${brick} is in both sets`);
      const baseline = await scoreFile(copy.dir, path.join(copy.dir, "public", "baseline-submission.csv"));
      assertClose(baseline.publicScore, fixture.course_format.baseline.public, "baseline public AUC");
      assertClose(baseline.privateScore, fixture.course_format.baseline.private, "baseline private AUC");
      const formula = await scoreFile(copy.dir, writeFormula(copy.dir));
      assertClose(formula.publicScore, fixture.course_format.formula.public, "formula public AUC");
      assertClose(formula.privateScore, fixture.course_format.formula.private, "formula private AUC");
    } finally {
      copy.cleanup();
    }
  });

  test("import names a non-numeric cell", async () => {
    const copy = copyBundle(slug);
    try {
      const source = writeSubmission(copy.dir, "tracks.csv", "data_ind,X,Y,Z,TX,TY,chi2,signal\n1,1,2,3,0.1,0.2,x,1\n");
      await assert.rejects(
        getChallengeData(slug)!.importFrom({ bundleDir: copy.dir, from: source, seed: 1 }),
        /tracks\.csv, line 2, column "chi2": expected a finite number/,
      );
    } finally {
      copy.cleanup();
    }
  });
});
