import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { loadBundle } from "../../lib/challenge/load";
import { getChallengeData } from "../../lib/course/registry";
import { SubmissionError } from "../../lib/reader/errors";
import { assertClose, copyBundle, demoBundle, readFixture, readRows, repoRoot, scoreFile, writeSubmission } from "./helpers";

const slug = "particle-identification";
type Parts = { public: number; private: number };
type Values = { baseline: Parts; formula: Parts };
const fixture = readFixture<{ demo: Values; course_format: Values }>(slug);
const types = ["Ghost", "Electron", "Muon", "Pion", "Kaon", "Proton"];

/** Softmax of hand-made logits, as in particle_identification.py. */
function formulaRow(row: Record<string, string>): number[] {
  const logits = [
    4 * Number(row.GhostProbability) - 1,
    Number(row.DLLelectron) / 4,
    Number(row.DLLmuon) / 4,
    0,
    Number(row.DLLkaon) / 4,
    Number(row.DLLproton) / 4,
  ];
  const top = Math.max(...logits);
  const exps = logits.map((value) => Math.exp(value - top));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}

function writeFormula(dir: string): string {
  const rows = readRows(path.join(dir, "public", "test.csv"));
  const lines = rows.map((row) => [row.ID, ...formulaRow(row)].join(","));
  return writeSubmission(dir, "formula.csv", ["ID," + types.join(","), ...lines].join("\n") + "\n");
}

test("particle-identification bundle loads with reference lines", () => {
  const bundle = loadBundle(path.join(repoRoot, "challenges", slug));
  assert.deepEqual(
    bundle.definition.reference_lines.map((line) => line.value),
    [0.6, 0.525],
  );
});

describe("particle-identification demo data", () => {
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

  test("baseline matches sklearn log_loss", async () => {
    const result = await scoreFile(demo.dir, path.join(demo.dir, "public", "baseline-submission.csv"));
    assertClose(result.publicScore, fixture.demo.baseline.public, "public log loss");
    assertClose(result.privateScore, fixture.demo.baseline.private, "private log loss");
  });

  test("formula submission matches sklearn log_loss", async () => {
    const result = await scoreFile(demo.dir, writeFormula(demo.dir));
    assertClose(result.publicScore, fixture.demo.formula.public, "public log loss");
    assertClose(result.privateScore, fixture.demo.formula.private, "private log loss");
  });

  test("probability above 1 names line and column", async () => {
    const text = readFileSync(path.join(demo.dir, "public", "baseline-submission.csv"), "utf8").split("\n");
    const cells = (text[3] as string).split(",");
    cells[3] = "1.5";
    text[3] = cells.join(",");
    const file = writeSubmission(demo.dir, "bad.csv", text.join("\n"));
    await assert.rejects(scoreFile(demo.dir, file), (error: unknown) => {
      assert.ok(error instanceof SubmissionError);
      assert.equal(error.line, 4);
      assert.equal(error.columnName, "Muon");
      return true;
    });
  });

  test("course-format import matches sklearn", async () => {
    const copy = copyBundle(slug);
    try {
      // The demo training file has the course's layout: features and Label.
      const source = path.join(demo.dir, "public", "training.csv");
      const data = getChallengeData(slug)!;
      const imported = await data.importFrom({ bundleDir: copy.dir, from: source, seed: data.defaultSeed });
      assert.equal(imported.kind, "imported");
      const header = readFileSync(path.join(copy.dir, "public", "test.csv"), "utf8").split("\n")[0];
      assert.equal(header, "ID,TrackP,TrackPt,TrackQualityPerNDoF,GhostProbability,RICH_DLLbeElectron,RICH_DLLbeMuon,RICH_DLLbeKaon,RICH_DLLbeProton,RICH_DLLbeBCK,EcalE,HcalE,EcalDLLbeElectron,MuonFlag,MuonLLbeMuon,MuonLLbeBCK,DLLelectron,DLLmuon,DLLkaon,DLLproton");
      const baseline = await scoreFile(copy.dir, path.join(copy.dir, "public", "baseline-submission.csv"));
      assertClose(baseline.publicScore, fixture.course_format.baseline.public, "baseline public log loss");
      assertClose(baseline.privateScore, fixture.course_format.baseline.private, "baseline private log loss");
      const formula = await scoreFile(copy.dir, writeFormula(copy.dir));
      assertClose(formula.publicScore, fixture.course_format.formula.public, "formula public log loss");
      assertClose(formula.privateScore, fixture.course_format.formula.private, "formula private log loss");
    } finally {
      copy.cleanup();
    }
  });

  test("import rejects an unknown label", async () => {
    const copy = copyBundle(slug);
    try {
      const source = writeSubmission(copy.dir, "labels.csv", "TrackP,Label\n1000,Pion\n2000,Tau\n");
      await assert.rejects(
        getChallengeData(slug)!.importFrom({ bundleDir: copy.dir, from: source, seed: 1 }),
        /labels\.csv, line 3, column "Label": expected one of Ghost/,
      );
    } finally {
      copy.cleanup();
    }
  });
});
