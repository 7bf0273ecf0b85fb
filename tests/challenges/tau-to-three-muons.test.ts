import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { loadBundle } from "../../lib/challenge/load";
import { getChallengeData } from "../../lib/course/registry";
import { SubmissionError } from "../../lib/reader/errors";
import type { ScoreResult } from "../../lib/scoring/index";
import {
  assertClose,
  copyBundle,
  demoBundle,
  importedBundle,
  missingReason,
  readFixture,
  readRows,
  repoRoot,
  scoreFile,
  writeSubmission,
} from "./helpers";

const slug = "tau-to-three-muons";
type Values = { public: number; private: number; ks: number; cvm: number };
const fixture = readFixture<{
  demo: { baseline: Values; formula: Values };
  real: { baseline: Values; formula: Values; source_cvm: { formula: number; constant: number } };
}>(slug);

/** Computes the formula prediction of tau_to_three_muons.py. */
function formula(row: Record<string, string>): number {
  const z = 0.5 * Math.log1p(Number(row.IPSig)) - 0.1 * Number(row.VertexChi2) + 0.3 * Math.log(Number(row.p0_pt) / 1000);
  return 1 / (1 + Math.exp(-z));
}

function writePredictions(dir: string, name: string, predict: (row: Record<string, string>) => number): string {
  const rows = readRows(path.join(dir, "public", "test.csv"));
  const lines = rows.map((row) => `${row.id},${predict(row)}`);
  return writeSubmission(dir, name, ["id,prediction", ...lines].join("\n") + "\n");
}

function countRole(dir: string, role: string): number {
  return readRows(path.join(dir, "hidden", "answer-key.csv")).filter((row) => row.role === role).length;
}

function check(result: ScoreResult, name: string) {
  const found = result.checks.find((item) => item.name === name);
  assert.ok(found, `check ${name} missing`);
  return found;
}

function assertValues(result: ScoreResult, expected: Values, what: string): void {
  assertClose(result.publicScore, expected.public, `${what} public truncated AUC`);
  assertClose(result.privateScore, expected.private, `${what} private truncated AUC`);
  assertClose(check(result, "agreement").value, expected.ks, `${what} KS`);
  assertClose(check(result, "correlation").value, expected.cvm, `${what} CvM`);
}

test("tau-to-three-muons bundle loads with both checks", () => {
  const bundle = loadBundle(path.join(repoRoot, "challenges", slug));
  assert.deepEqual(
    bundle.definition.checks.map((item) => [item.name, item.comparison, item.threshold]),
    [
      ["agreement", "<", 0.09],
      ["correlation", "<", 0.002],
    ],
  );
  assert.equal(bundle.definition.model?.feature_columns.length, 46);
});

describe("tau-to-three-muons demo data", () => {
  let demo: { dir: string; cleanup: () => void };
  before(async () => {
    demo = await demoBundle(slug);
  });
  after(() => demo.cleanup());

  test("generation is deterministic for a seed", async () => {
    const again = await demoBundle(slug);
    for (const file of ["public/training.csv", "public/test.csv", "hidden/answer-key.csv"]) {
      assert.equal(readFileSync(path.join(again.dir, file), "utf8"), readFileSync(path.join(demo.dir, file), "utf8"));
    }
    again.cleanup();
  });

  test("baseline matches the reference and passes", async () => {
    const result = await scoreFile(demo.dir, path.join(demo.dir, "public", "baseline-submission.csv"));
    assertValues(result, fixture.demo.baseline, "baseline");
    assert.equal(result.passedChecks, true);
  });

  test("formula submission matches the reference", async () => {
    const result = await scoreFile(demo.dir, writePredictions(demo.dir, "formula.csv", formula));
    assertValues(result, fixture.demo.formula, "formula");
  });

  test("prediction outside [0, 1] names the line", async () => {
    const fifth = readRows(path.join(demo.dir, "public", "test.csv"))[4]?.id;
    const file = writePredictions(demo.dir, "bad.csv", (row) => (row.id === fifth ? 1.2 : 0.5));
    await assert.rejects(scoreFile(demo.dir, file), (error: unknown) => {
      assert.ok(error instanceof SubmissionError);
      assert.equal(error.line, 6);
      assert.equal(error.columnName, "prediction");
      return true;
    });
  });

  test("import uses a labelled training file", async () => {
    const copy = copyBundle(slug);
    const folder = path.join(copy.dir, "kaggle");
    try {
      mkdirSync(folder);
      // The demo training file has the Kaggle layout: id, features, mass, signal.
      copyFileSync(path.join(demo.dir, "public", "training.csv"), path.join(folder, "training.csv"));
      const source = await getChallengeData(slug)!.importFrom({ bundleDir: copy.dir, from: folder, seed: 8 });
      assert.equal(source.kind, "imported");
      assert.match(source.description, /generated: agreement, correlation events/);
      const sourceRows = readRows(path.join(demo.dir, "public", "training.csv")).length;
      assert.equal(source.rows["training.csv"]! + countRole(copy.dir, "test"), sourceRows);
      const result = await scoreFile(copy.dir, path.join(copy.dir, "public", "baseline-submission.csv"));
      assert.equal(result.checks.length, 2);
    } finally {
      copy.cleanup();
    }
  });

  test("import rejects a folder without Kaggle files", async () => {
    const copy = copyBundle(slug);
    try {
      await assert.rejects(
        getChallengeData(slug)!.importFrom({ bundleDir: copy.dir, from: path.join(copy.dir), seed: 1 }),
        /none of training\.csv, check_agreement\.csv or check_correlation\.csv/,
      );
    } finally {
      copy.cleanup();
    }
  });
});

const correlationPath = "week3_tau3mu/check_correlation.csv.gz";
const realFolder = path.join(repoRoot, "../shared/data/week3_tau3mu");
let hasReal = false;
try {
  readFileSync(path.join(realFolder, "check_correlation.csv.gz"));
  hasReal = true;
} catch {
  hasReal = false;
}

describe("tau-to-three-muons real correlation sample", { skip: hasReal ? false : missingReason(correlationPath) }, () => {
  let real: { dir: string; cleanup: () => void };
  before(async () => {
    real = await importedBundle(slug, realFolder);
  });
  after(() => real.cleanup());

  test("real events replace the generated sample", () => {
    const key = readRows(path.join(real.dir, "hidden", "answer-key.csv"));
    assert.equal(key.filter((row) => row.role === "correlation").length, 5514);
    const source = JSON.parse(readFileSync(path.join(real.dir, "hidden", "source.json"), "utf8"));
    assert.equal(source.kind, "imported");
  });

  test("formula and baseline match the reference", async () => {
    const formulaResult = await scoreFile(real.dir, writePredictions(real.dir, "formula.csv", formula));
    assertValues(formulaResult, fixture.real.formula, "formula");
    assertClose(check(formulaResult, "correlation").value, fixture.real.source_cvm.formula, "CvM on the source file");
    const baseline = await scoreFile(real.dir, path.join(real.dir, "public", "baseline-submission.csv"));
    assertValues(baseline, fixture.real.baseline, "baseline");
  });

  test("constant predictions fail the correlation check", async () => {
    const result = await scoreFile(real.dir, writePredictions(real.dir, "constant.csv", () => 0.5));
    const correlation = check(result, "correlation");
    assertClose(correlation.value, fixture.real.source_cvm.constant, "CvM of a constant");
    assert.equal(correlation.passed, false);
    assert.equal(result.passedChecks, false);
  });
});
