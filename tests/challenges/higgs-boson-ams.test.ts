import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { loadBundle } from "../../lib/challenge/load";
import { getChallengeData } from "../../lib/course/registry";
import { SubmissionError } from "../../lib/reader/errors";
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

const slug = "higgs-boson-ams";
type Parts = { public: number; private: number };
const fixture = readFixture<{ demo: Record<"baseline" | "formula", Parts>; real: Record<"baseline" | "formula", Parts> }>(
  slug,
);

/** Writes the formula submission of higgs_boson_ams.py: the top 20 % as signal. */
function writeFormula(dir: string): string {
  const rows = readRows(path.join(dir, "public", "test.csv"));
  const score = (row: Record<string, string>) => {
    const mass = Number(row.DER_mass_MMC);
    return (mass === -999 ? -1000 : -Math.abs(mass - 125)) + 0.01 * Number(row.PRI_tau_pt);
  };
  const order = rows.map((_, i) => i);
  order.sort((a, b) => score(rows[a]!) - score(rows[b]!) || Number(rows[a]!.EventId) - Number(rows[b]!.EventId));
  const ranks = new Array<number>(rows.length);
  order.forEach((index, position) => (ranks[index] = position + 1));
  const cut = rows.length - Math.floor(0.2 * rows.length);
  const lines = rows.map((row, i) => `${row.EventId},${ranks[i]},${ranks[i]! > cut ? "s" : "b"}`);
  return writeSubmission(dir, "formula.csv", ["EventId,RankOrder,Class", ...lines].join("\n") + "\n");
}

test("higgs-boson-ams bundle loads with renormalised weights", () => {
  const bundle = loadBundle(path.join(repoRoot, "challenges", slug));
  const weights = bundle.definition.metric?.inputs.weights;
  assert.ok(weights);
  assert.ok("answer_key" in weights);
  assert.equal(weights.renormalize, "per_class");
});

describe("higgs-boson-ams demo data", () => {
  let demo: { dir: string; cleanup: () => void };
  before(async () => {
    demo = await demoBundle(slug);
  });
  after(() => demo.cleanup());

  test("generation is deterministic for a seed", async () => {
    const again = await demoBundle(slug);
    const other = await demoBundle(slug, 5);
    const file = (dir: string) => readFileSync(path.join(dir, "hidden", "answer-key.csv"), "utf8");
    assert.equal(file(again.dir), file(demo.dir));
    assert.notEqual(file(other.dir), file(demo.dir));
    again.cleanup();
    other.cleanup();
  });

  test("baseline and formula match the reference", async () => {
    const baseline = await scoreFile(demo.dir, path.join(demo.dir, "public", "baseline-submission.csv"));
    assertClose(baseline.publicScore, fixture.demo.baseline.public, "baseline public AMS");
    assertClose(baseline.privateScore, fixture.demo.baseline.private, "baseline private AMS");
    const formula = await scoreFile(demo.dir, writeFormula(demo.dir));
    assertClose(formula.publicScore, fixture.demo.formula.public, "formula public AMS");
    assertClose(formula.privateScore, fixture.demo.formula.private, "formula private AMS");
  });

  test("repeated rank is rejected", async () => {
    const lines = readFileSync(path.join(demo.dir, "public", "baseline-submission.csv"), "utf8").trim().split("\n");
    const second = (lines[2] as string).split(",");
    const first = (lines[1] as string).split(",");
    lines[2] = [second[0], first[1], second[2]].join(",");
    const file = writeSubmission(demo.dir, "ranks.csv", lines.join("\n") + "\n");
    await assert.rejects(scoreFile(demo.dir, file), (error: unknown) => {
      assert.ok(error instanceof SubmissionError);
      assert.match(error.message, /RankOrder/);
      return true;
    });
  });

  test("class other than s or b is rejected", async () => {
    const lines = readFileSync(path.join(demo.dir, "public", "baseline-submission.csv"), "utf8").trim().split("\n");
    lines[3] = (lines[3] as string).replace(/,[sb]$/, ",x");
    const file = writeSubmission(demo.dir, "class.csv", lines.join("\n") + "\n");
    await assert.rejects(scoreFile(demo.dir, file), (error: unknown) => {
      assert.ok(error instanceof SubmissionError);
      assert.equal(error.line, 4);
      assert.equal(error.columnName, "Class");
      return true;
    });
  });

  test("import rejects a file without Weight", async () => {
    const copy = copyBundle(slug);
    try {
      const source = writeSubmission(copy.dir, "events.csv", "EventId,Label\n1,s\n");
      await assert.rejects(
        getChallengeData(slug)!.importFrom({ bundleDir: copy.dir, from: source, seed: 1 }),
        /events\.csv: missing columns "DER_mass_MMC"/,
      );
    } finally {
      copy.cleanup();
    }
  });
});

const higgsFolder = path.join(repoRoot, "../shared/data/higgsml");
let hasReal = false;
try {
  readFileSync(path.join(higgsFolder, "train_sml_sig.csv"));
  hasReal = true;
} catch {
  hasReal = false;
}

describe("higgs-boson-ams real data", { skip: hasReal ? false : missingReason("higgsml") }, () => {
  test("formula and baseline match the reference", async () => {
    const real = await importedBundle(slug, higgsFolder);
    try {
      const formula = await scoreFile(real.dir, writeFormula(real.dir));
      assertClose(formula.publicScore, fixture.real.formula.public, "formula public AMS");
      assertClose(formula.privateScore, fixture.real.formula.private, "formula private AMS");
      const baseline = await scoreFile(real.dir, path.join(real.dir, "public", "baseline-submission.csv"));
      assertClose(baseline.publicScore, fixture.real.baseline.public, "baseline public AMS");
      assertClose(baseline.privateScore, fixture.real.baseline.private, "baseline private AMS");
    } finally {
      real.cleanup();
    }
  });
});
