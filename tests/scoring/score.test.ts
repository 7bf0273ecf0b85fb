import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";

import { computeMetric } from "../../scorers/index";
import { BundleDataMissingError, BundleError } from "../../lib/challenge/errors";
import { loadBundle } from "../../lib/challenge/load";
import { SubmissionError } from "../../lib/reader/errors";
import { scoreParameters, scorePredictions, scoreSubmission } from "../../lib/scoring/score";
import { definitionYaml, fixturesDir, tempRoot } from "../challenge/temp-bundle";

const temp = tempRoot();
after(() => temp.cleanup());

// Values written by tests/fixtures/bundles/make_random.py with
// scikit-learn and numpy.
const expected = JSON.parse(readFileSync(path.join(fixturesDir, "expected.json"), "utf8")) as Record<
  string,
  { public: number; private: number }
>;

function fixture(slug: string) {
  return loadBundle(path.join(fixturesDir, slug));
}

function submission(slug: string, name: string): string {
  return path.join(fixturesDir, slug, "submissions", name);
}

function assertClose(actual: number, wanted: number, label: string): void {
  const tolerance = 1e-12 * Math.max(1, Math.abs(wanted));
  assert.ok(Math.abs(actual - wanted) <= tolerance, `${label}: ${actual} differs from ${wanted}`);
}

/** Reads a fixture CSV into its header and rows of text. */
function readRows(file: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = readFileSync(file, "utf8").trimEnd().split("\n").map((line) => line.split(","));
  return { header: header!, rows };
}

describe("scoreSubmission", () => {
  for (const [slug, file] of [
    ["random-auc", "shuffled.csv"],
    ["random-pid", "good.csv"],
    ["random-higgs", "good.csv"],
  ] as const) {
    it(`matches the reference on ${slug}`, async () => {
      const result = await scoreSubmission(fixture(slug), submission(slug, file));
      assertClose(result.publicScore, expected[slug]!.public, "public");
      assertClose(result.privateScore, expected[slug]!.private, "private");
      assert.equal(result.passedChecks, true);
      assert.deepEqual(result.checks, []);
    });
  }

  it("reports counts and the direction", async () => {
    const result = await scoreSubmission(fixture("random-pid"), submission("random-pid", "good.csv"));
    assert.equal(result.challenge, "random-pid");
    assert.equal(result.kind, "predictions");
    assert.equal(result.metric, "log_loss");
    assert.equal(result.direction, "minimize");
    assert.equal(result.rowCount, 500);
    assert.equal(result.publicRowCount, 125);
    assert.equal(result.privateRowCount, 375);
    assert.equal(result.rocCurve, undefined);
  });

  it("draws the public ROC curve", async () => {
    const result = await scoreSubmission(fixture("tiny-auc"), path.join(fixturesDir, "tiny-auc/submissions/good.csv"));
    // Public rows, scores descending: 0.9 (signal, weight 1), 0.4 (signal
    // 0.5 and background 1), 0.3 (background 2), 0.1 (background 1).
    assert.deepEqual(result.rocCurve, {
      fpr: [0, 0, 0.25, 0.75, 1],
      tpr: [0, 2 / 3, 1, 1, 1],
    });
    const none = await scoreSubmission(fixture("tiny-auc"), path.join(fixturesDir, "tiny-auc/submissions/good.csv"), {
      maxRocPoints: 0,
    });
    assert.equal(none.rocCurve, undefined);
  });

  it("computes the gating checks on their rows", async () => {
    const bundle = fixture("tiny-gated");
    const failing = await scoreSubmission(bundle, submission("tiny-gated", "fails-agreement.csv"));
    // The test rows are separated perfectly, so the truncated AUC is 1.
    assert.equal(failing.publicScore, 1);
    assert.equal(failing.privateScore, 1);
    assert.equal(failing.publicRowCount, 4);
    assert.equal(failing.rowCount, 20);
    const [agreement, correlation] = failing.checks;
    // Real events predict 0.2 and 0.6, simulated 0.4 and 0.8, each weight
    // 1/2: the largest CDF gap is 1/2, at 0.2 and at 0.6.
    assert.equal(agreement?.name, "agreement");
    assert.equal(agreement?.value, 0.5);
    assert.equal(agreement?.passed, false);
    // Predictions rise with mass, so windows of 4 ranks every 2 of 8 give
    // CvM distances 11/128, 3/128 and 11/128 (mean of squared CDF gaps).
    assert.equal(correlation?.name, "correlation");
    assertClose(correlation!.value, 25 / 384, "correlation");
    assert.equal(correlation?.passed, false);
    assert.equal(failing.passedChecks, false);

    const passing = await scoreSubmission(bundle, submission("tiny-gated", "passes-agreement.csv"));
    assert.equal(passing.checks[0]?.value, 0);
    assert.equal(passing.checks[0]?.passed, true);
    assert.equal(passing.checks[0]?.comparison, "<");
    assert.equal(passing.checks[0]?.threshold, 0.09);
    assert.equal(passing.passedChecks, false);
  });

  it("splits by a seeded fraction", async () => {
    const text = readFileSync(path.join(fixturesDir, "random-auc/challenge.yaml"), "utf8")
      .replace("slug: random-auc", "slug: fraction-auc")
      .replace("split: { column: Usage, public: Public, private: Private }", "split: { public_fraction: 0.25, seed: 7 }");
    const dir = temp.bundle("fraction-auc", {
      "challenge.yaml": text,
      "page.md": "# Page\n",
      "hidden/answer_key.csv": readFileSync(path.join(fixturesDir, "random-auc/hidden/answer_key.csv"), "utf8"),
    });
    const first = await scoreSubmission(loadBundle(dir), submission("random-auc", "shuffled.csv"));
    assert.equal(first.publicRowCount, 750);
    assert.equal(first.privateRowCount, 2250);
    const again = await scoreSubmission(loadBundle(dir), submission("random-auc", "shuffled.csv"));
    assert.equal(again.publicScore, first.publicScore);
    assert.equal(again.privateScore, first.privateScore);

    const reseeded = text.replace("seed: 7", "seed: 8").replace("slug: fraction-auc", "slug: reseeded-auc");
    const otherDir = temp.bundle("reseeded-auc", {
      "challenge.yaml": reseeded,
      "page.md": "# Page\n",
      "hidden/answer_key.csv": readFileSync(path.join(fixturesDir, "random-auc/hidden/answer_key.csv"), "utf8"),
    });
    const other = await scoreSubmission(loadBundle(otherDir), submission("random-auc", "shuffled.csv"));
    assert.notEqual(other.publicScore, first.publicScore);
  });

  it("rejects scoring before the data exist", async () => {
    const dir = temp.copyFixture("tiny-auc");
    rmSync(path.join(dir, "hidden"), { recursive: true });
    const bundle = loadBundle(dir);
    await assert.rejects(scoreSubmission(bundle, submission("tiny-auc", "good.csv")), (error: unknown) => {
      assert.ok(error instanceof BundleDataMissingError);
      assert.match(error.message, /data not generated yet/);
      return true;
    });
  });

  it("rereads an answer key that changed", async () => {
    const dir = temp.bundle("changing", {
      "challenge.yaml": definitionYaml("changing"),
      "page.md": "# Page\n",
      "hidden/answer_key.csv": "id,signal,Usage\n1,1,Public\n2,0,Public\n3,1,Private\n4,0,Private\n",
    });
    const file = path.join(temp.root, "changing.csv");
    writeFileSync(file, "id,prediction\n1,0.9\n2,0.1\n3,0.9\n4,0.1\n");
    const bundle = loadBundle(dir);
    assert.equal((await scoreSubmission(bundle, file)).publicScore, 1);
    writeFileSync(path.join(dir, "hidden/answer_key.csv"), "id,signal,Usage\n1,0,Public\n2,1,Public\n3,1,Private\n4,0,Private\n");
    assert.equal((await scoreSubmission(bundle, file)).publicScore, 0);
  });

  it("reads new columns after a definition reload", async () => {
    const dir = temp.bundle("reloaded", {
      "challenge.yaml": definitionYaml("reloaded"),
      "page.md": "# Page\n",
      "hidden/answer_key.csv": "id,signal,weight,Usage\n1,1,1,Public\n2,0,1,Public\n3,0,3,Public\n4,1,1,Private\n5,0,1,Private\n",
    });
    const file = path.join(temp.root, "reloaded.csv");
    writeFileSync(file, "id,prediction\n1,0.5\n2,0.9\n3,0.1\n4,0.9\n5,0.1\n");
    // Unweighted, the signal row beats one of two background rows: 1/2.
    assert.equal((await scoreSubmission(loadBundle(dir), file)).publicScore, 0.5);
    const weighted = definitionYaml("reloaded").replace(
      "scores: { submission: prediction }",
      "scores: { submission: prediction }\n    weights: { answer_key: weight }",
    );
    writeFileSync(path.join(dir, "challenge.yaml"), weighted);
    // Weighted, it beats background weight 3 of 4: 3/4.
    assert.equal((await scoreSubmission(loadBundle(dir), file)).publicScore, 0.75);
  });

  it("blames the answer key without its values", async () => {
    const dir = temp.bundle("one-class", {
      "challenge.yaml": definitionYaml("one-class"),
      "page.md": "# Page\n",
      "hidden/answer_key.csv": "id,signal,Usage\n1,1,Public\n2,1,Public\n3,1,Private\n4,0,Private\n",
    });
    const file = path.join(temp.root, "one-class.csv");
    writeFileSync(file, "id,prediction\n1,0.9\n2,0.1\n3,0.9\n4,0.1\n");
    await assert.rejects(scoreSubmission(loadBundle(dir), file), (error: unknown) => {
      assert.ok(error instanceof BundleError);
      assert.ok(!(error instanceof SubmissionError));
      assert.match(error.message, /roc_auc rejected its input `labels` on the public part/);
      assert.ok(error.cause instanceof Error);
      return true;
    });
  });

  it("rejects an empty answer-key value on a scored row", async () => {
    const dir = temp.bundle("empty-label", {
      "challenge.yaml": definitionYaml("empty-label"),
      "page.md": "# Page\n",
      "hidden/answer_key.csv": "id,signal,Usage\n1,1,Public\n2,,Public\n3,1,Private\n4,0,Private\n",
    });
    const file = path.join(temp.root, "empty-label.csv");
    writeFileSync(file, "id,prediction\n1,0.9\n2,0.1\n3,0.9\n4,0.1\n");
    await assert.rejects(scoreSubmission(loadBundle(dir), file), /the input labels \(signal\) is empty on the row with id 2/);
  });
});

describe("scorePredictions", () => {
  it("scores in-memory predictions like the file", async () => {
    const bundle = fixture("random-auc");
    const { rows } = readRows(submission("random-auc", "shuffled.csv"));
    const ids = rows.map((row) => row[1]!);
    const predictions = Float64Array.from(rows, (row) => Number(row[0]));
    const result = await scorePredictions(bundle, { ids, columns: { prediction: predictions } });
    assertClose(result.publicScore, expected["random-auc"]!.public, "public");
    assertClose(result.privateScore, expected["random-auc"]!.private, "private");
    assert.equal(result.kind, "model");
    const numericIds = Float64Array.from(ids, Number);
    const again = await scorePredictions(bundle, { ids: numericIds, columns: { prediction: predictions } });
    assert.equal(again.publicScore, result.publicScore);
  });

  it("rejects bad model output", async () => {
    const bundle = fixture("tiny-auc");
    const ids = Array.from({ length: 10 }, (_, row) => row + 1);
    const values = new Float64Array(10).fill(0.5);
    const reject = async (input: Parameters<typeof scorePredictions>[1], pattern: RegExp) => {
      await assert.rejects(scorePredictions(bundle, input), (error: unknown) => {
        assert.ok(error instanceof SubmissionError, String(error));
        assert.match(error.message, pattern);
        return true;
      });
    };
    await reject({ ids, columns: {} }, /missing the prediction column "prediction"/);
    await reject({ ids: ids.slice(1), columns: { prediction: values.subarray(1) } }, /1 of the 10 ids of the test set have no prediction/);
    await reject({ ids: [...ids.slice(0, 9), 1], columns: { prediction: values } }, /row 10 \(id 1\): the id appears again/);
    await reject({ ids: [...ids.slice(0, 9), 77], columns: { prediction: values } }, /row 10 \(id 77\): the id is not an id of the test set/);
    const withNaN = values.slice();
    withNaN[3] = Number.NaN;
    await reject({ ids, columns: { prediction: withNaN } }, /^model output: row 4 \(id 4\): NaN is not a finite number/);
    const tooHigh = values.slice();
    tooHigh[0] = 1.25;
    await reject({ ids, columns: { prediction: tooHigh } }, /1\.25 is outside \[0, 1\]/);
  });
});

describe("scoreParameters", () => {
  it("scores a JSON and a CSV parameter file", async () => {
    const bundle = fixture("tiny-params");
    const json = await scoreSubmission(bundle, submission("tiny-params", "baseline.json"));
    // The target is (1, 2), so the origin is at squared distance 5.
    assert.equal(json.publicScore, 5);
    assert.equal(json.privateScore, 5);
    assert.equal(json.kind, "parameters");
    assert.equal(json.direction, "minimize");
    assert.deepEqual(json.details, { distance: Math.sqrt(5) });
    const csv = await scoreSubmission(bundle, submission("tiny-params", "row.csv"));
    assert.equal(csv.publicScore, 0.25);
  });

  it("rejects invalid parameters", async () => {
    const bundle = fixture("tiny-params");
    await assert.rejects(scoreParameters(bundle, { a: 1, b: -2 }, { displayName: "p.json" }), (error: unknown) => {
      assert.ok(error instanceof SubmissionError);
      assert.equal(error.reason, "invalid_parameters");
      assert.match(error.message, /^p\.json: invalid parameters: b: /);
      return true;
    });
    await assert.rejects(scoreParameters(bundle, { a: 1 }), /invalid parameters: b: /);
  });
});

describe("metric inputs", () => {
  it("renormalises weights per class within each part", async () => {
    // Public: signal weights 1 and 1, background 2; private: signal 2,
    // background 1 and 3. Per-class totals over both parts: signal 4,
    // background 6. With only rows 1 and 4 classified as signal, the
    // public part keeps s = 2 (of 4 renormalised), b = 0, and the private
    // part s = 4 (its one signal row carries the whole total), b = 0.
    const text = definitionYaml("renormalised")
      .replace("columns:\n    - { name: prediction, type: number, min: 0, max: 1 }", "columns:\n    - { name: Class, type: category, values: { s: 1, b: 0 } }")
      .replace("id: roc_auc", "id: ams\n  params: { b_r: 0.5 }")
      .replace("scores: { submission: prediction }", "scores: { submission: Class }\n    weights: { answer_key: weight, renormalize: per_class }");
    const dir = temp.bundle("renormalised", {
      "challenge.yaml": text,
      "page.md": "# Page\n",
      "hidden/answer_key.csv":
        "id,signal,weight,Usage\n1,1,1,Public\n2,1,1,Public\n3,0,2,Public\n4,1,2,Private\n5,0,1,Private\n6,0,3,Private\n",
    });
    const file = path.join(temp.root, "renormalised.csv");
    writeFileSync(file, "id,Class\n1,s\n2,b\n3,b\n4,s\n5,b\n6,b\n");
    const result = await scoreSubmission(loadBundle(dir), file);
    const ams = (s: number, b: number, br: number) => Math.sqrt(2 * ((s + b + br) * Math.log(1 + s / (b + br)) - s));
    assertClose(result.publicScore, ams(2, 0, 0.5), "public");
    assertClose(result.privateScore, ams(4, 0, 0.5), "private");
    assertClose(result.publicScore, computeMetric("ams", { labels: [1], scores: [1], weights: [2] }, { b_r: 0.5 }), "metric");
  });
});
