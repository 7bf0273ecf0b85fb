import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { featureColumns as higgsFeatureColumns } from "../../challenges/higgs-boson-ams/columns.ts";
import type { Bundle } from "../../lib/challenge/bundle.ts";
import type { ModelRanking, PredictionColumn } from "../../lib/challenge/definition.ts";
import { BundleError } from "../../lib/challenge/errors.ts";
import { loadBundle } from "../../lib/challenge/load.ts";
import { parseDefinition } from "../../lib/challenge/parse-definition.ts";
import { rankByProbability } from "../../lib/models/ranking.ts";
import { checkModelUpload, scoreModelSubmission } from "../../lib/models/score.ts";
import { SubmissionError } from "../../lib/reader/errors.ts";
import { scoreSubmission } from "../../lib/scoring/index.ts";
import { demoBundle } from "../challenges/helpers.ts";
import { buildOnnxModel } from "./helpers/onnx-builder.ts";
import {
  denseNetworkOnnx,
  denseNetworkReference,
  randomDenseLayers,
  randomMatrix,
  seededRandom,
} from "./helpers/reference-models.ts";

const ranking: ModelRanking = {
  rank_column: "RankOrder",
  class_column: "Class",
  signal_class: "s",
  background_class: "b",
  threshold: 0.5,
};

const columns: PredictionColumn[] = [
  { name: "RankOrder", type: "rank" },
  { name: "Class", type: "category", values: { s: 1, b: 0 } },
];

/**
 * Ranks by counting, for each row, the rows that come before it: a lower
 * probability, or an equal one with a smaller id. O(n^2), but plainly the
 * rule.
 */
function referenceRanks(ids: readonly (number | string)[], probabilities: readonly number[]): number[] {
  return probabilities.map((probability, row) => {
    let before = 0;
    probabilities.forEach((other, index) => {
      const id = ids[index]!;
      if (other < probability || (other === probability && id < ids[row]!)) before++;
    });
    return before + 1;
  });
}

describe("rankByProbability", () => {
  test("hand-worked ranks and classes", () => {
    const result = rankByProbability(ranking, columns, Float64Array.from([3, 1, 2]), [0.9, 0.2, 0.9]);
    assert.deepEqual(Array.from(result.RankOrder!), [3, 1, 2]);
    assert.deepEqual(Array.from(result.Class!), [1, 0, 1]);
  });

  test("threshold counts as signal", () => {
    const result = rankByProbability(ranking, columns, Float64Array.from([1, 2, 3]), [0.5, 0.49999, 1]);
    assert.deepEqual(Array.from(result.Class!), [1, 0, 1]);
  });

  test("matches reference with numeric ties", () => {
    const random = seededRandom(7);
    const count = 400;
    const ids = Array.from({ length: count }, (_, row) => 1000 + ((row * 37) % count));
    // Two decimals give many equal probabilities.
    const probabilities = ids.map(() => Math.round(random() * 100) / 100);
    const result = rankByProbability(ranking, columns, Float64Array.from(ids), probabilities);
    assert.deepEqual(Array.from(result.RankOrder!), referenceRanks(ids, probabilities));
    const classes = probabilities.map((probability) => (probability >= 0.5 ? 1 : 0));
    assert.deepEqual(Array.from(result.Class!), classes);
  });

  test("orders text ids by code unit", () => {
    const ids = ["b", "B", "a10", "a9"];
    const probabilities = [0.3, 0.3, 0.3, 0.3];
    const result = rankByProbability(ranking, columns, ids, probabilities);
    assert.deepEqual(Array.from(result.RankOrder!), referenceRanks(ids, probabilities));
    assert.deepEqual(Array.from(result.RankOrder!), [4, 1, 2, 3]);
  });

  test("rejects probability above one", () => {
    assert.throws(
      () => rankByProbability(ranking, columns, Float64Array.from([5, 6]), [0.2, 1.5], "model.onnx"),
      (error) => {
        assert.ok(error instanceof SubmissionError);
        assert.equal(error.reason, "out_of_range");
        assert.match(error.message, /model\.onnx/);
        assert.match(error.message, /row 2 \(id 6\)/);
        assert.match(error.message, /outside \[0, 1\]/);
        return true;
      },
    );
  });

  test("rejects NaN probability", () => {
    assert.throws(
      () => rankByProbability(ranking, columns, Float64Array.from([5]), [Number.NaN]),
      (error) => error instanceof SubmissionError && error.reason === "not_finite",
    );
  });
});

/** A definition of a HiggsML-like challenge with a ranking rule. */
function higgsLikeYaml(rankingYaml: string): string {
  return `slug: higgs-like
title: HiggsML-like
summary: Seeded events scored with the AMS from a model's ranking.
kinds: [predictions, model]
pages: { overview: page.md, data: page.md, evaluation: page.md, rules: page.md }
limits: { daily_submissions: 5, max_file_mb: 1, final_selections: 1 }
phase: { opens: "2026-01-01T00:00:00Z", closes: "2036-01-01T00:00:00Z" }
submission:
  id_column: EventId
  columns:
    - { name: RankOrder, type: rank }
    - { name: Class, type: category, values: { s: 1, b: 0 } }
answer_key:
  file: hidden/answer-key.csv
  split: { column: Usage, public: Public, private: Private }
metric:
  id: ams
  params: { b_r: 10 }
  inputs:
    labels: { answer_key: Label, map: { s: 1, b: 0 } }
    scores: { submission: Class }
    weights: { answer_key: Weight, renormalize: per_class }
model:
  features_file: public/test.csv
  feature_columns: [DER_a, DER_b, PRI_c, PRI_d]
  time_limit_s: 60
  memory_mb: 1024
  max_size_mb: 5
${rankingYaml}`;
}

const validRankingYaml = `  ranking:
    rank_column: RankOrder
    class_column: Class
    signal_class: s
    background_class: b
    threshold: 0.5
`;

describe("model.ranking definition", () => {
  test("accepts the HiggsML columns", () => {
    const definition = parseDefinition(higgsLikeYaml(validRankingYaml), "challenge.yaml");
    assert.deepEqual(definition.model?.ranking, ranking);
  });

  test("rejects a class missing from values", () => {
    const text = higgsLikeYaml(validRankingYaml.replace("signal_class: s", "signal_class: S"));
    assert.throws(
      () => parseDefinition(text, "challenge.yaml"),
      (error) => error instanceof BundleError && /"S" is not a value of the category column "Class"/.test(error.message),
    );
  });

  test("rejects swapped rank and class columns", () => {
    const text = higgsLikeYaml(
      validRankingYaml.replace("rank_column: RankOrder", "rank_column: Class").replace(
        "class_column: Class",
        "class_column: RankOrder",
      ),
    );
    assert.throws(
      () => parseDefinition(text, "challenge.yaml"),
      (error) => error instanceof BundleError && /"Class" is not a `rank` column/.test(error.message),
    );
  });

  test("requires ranking for rank columns", async () => {
    const rootDir = await mkdtemp(path.join(os.tmpdir(), "model-ranking-def-"));
    try {
      const dir = path.join(rootDir, "higgs-like");
      await mkdir(dir);
      await writeFile(path.join(dir, "challenge.yaml"), higgsLikeYaml(""));
      await writeFile(path.join(dir, "page.md"), "# page\n");
      const bundle = loadBundle(dir);
      await assert.rejects(checkModelUpload(bundle, path.join(dir, "none.onnx"), "none.onnx"), (error) => {
        assert.ok(error instanceof BundleError);
        assert.match(error.message, /models can fill only number columns unless `model\.ranking` is set/);
        return true;
      });
    } finally {
      await rm(rootDir, { recursive: true, force: true });
    }
  });
});

describe("model with ranking rule", () => {
  const featureCount = 4;
  const rows = 900;
  let rootDir: string;
  let bundle: Bundle;
  let features: Float32Array;
  let ids: number[];

  /**
   * Writes a HiggsML-like bundle: integer EventIds listed out of order,
   * every tenth event a copy of the previous event's features (so the
   * model's output has ties), labels s or b, positive weights and a
   * Public/Private split.
   */
  before(async () => {
    rootDir = await mkdtemp(path.join(os.tmpdir(), "model-ranking-test-"));
    const dir = path.join(rootDir, "higgs-like");
    await mkdir(path.join(dir, "public"), { recursive: true });
    await mkdir(path.join(dir, "hidden"), { recursive: true });
    await writeFile(path.join(dir, "challenge.yaml"), higgsLikeYaml(validRankingYaml));
    await writeFile(path.join(dir, "page.md"), "# page\n");

    const random = seededRandom(2014);
    features = randomMatrix(random, rows, featureCount, 2);
    for (let row = 10; row < rows; row += 10) {
      features.copyWithin(row * featureCount, (row - 1) * featureCount, row * featureCount);
    }
    ids = Array.from({ length: rows }, (_, row) => 350_000 + ((row * 7919) % rows));
    const featureLines = ids.map((id, row) => {
      const values = Array.from(features.subarray(row * featureCount, (row + 1) * featureCount));
      return `${id},${values.join(",")}`;
    });
    await writeFile(
      path.join(dir, "public/test.csv"),
      `EventId,DER_a,DER_b,PRI_c,PRI_d\n${featureLines.join("\n")}\n`,
    );
    const keyLines = ids.map((id, row) => {
      const sum = features[row * featureCount]! + features[row * featureCount + 1]!;
      const label = sum + random() > 0.5 ? "s" : "b";
      const weight = label === "s" ? 0.002 + random() * 0.001 : 0.5 + random() * 2;
      const usage = random() < 0.3 ? "Public" : "Private";
      return `${id},${label},${weight},${usage}`;
    });
    await writeFile(path.join(dir, "hidden/answer-key.csv"), `EventId,Label,Weight,Usage\n${keyLines.join("\n")}\n`);
    bundle = loadBundle(dir, { requireData: true });
  });

  after(async () => {
    await rm(rootDir, { recursive: true, force: true });
  });

  /** Writes the prediction file that the ranking rule gives for the probabilities. */
  async function writePredictionFile(name: string, probabilities: number[]): Promise<string> {
    const ranks = referenceRanks(ids, probabilities);
    const lines = ids.map((id, row) => `${id},${ranks[row]},${probabilities[row]! >= 0.5 ? "s" : "b"}`);
    const file = path.join(rootDir, name);
    await writeFile(file, `EventId,RankOrder,Class\n${lines.join("\n")}\n`);
    return file;
  }

  const options = () => ({ featureCacheDir: path.join(rootDir, "feature-cache"), tempDir: rootDir });

  test("logistic model scores like its file", async () => {
    const layers = randomDenseLayers([featureCount, 1], 5);
    const modelPath = path.join(rootDir, "logistic.onnx");
    await writeFile(modelPath, denseNetworkOnnx(layers, "sigmoid"));
    const probabilities = Array.from(denseNetworkReference(layers, "sigmoid", features, rows), Math.fround);
    // float32 rounding in the runtime could flip a class only this close to the threshold.
    assert.ok(probabilities.every((probability) => Math.abs(probability - 0.5) > 1e-6));
    const signalCount = probabilities.filter((probability) => probability >= 0.5).length;
    assert.ok(signalCount > rows / 10, `only ${signalCount} events at or above 0.5`);
    assert.ok(signalCount < rows - rows / 10, `${signalCount} of ${rows} events at or above 0.5`);

    const result = await scoreModelSubmission(bundle, modelPath, "logistic.onnx", options());
    const fromFile = await scoreSubmission(bundle, await writePredictionFile("logistic.csv", probabilities));
    assert.equal(result.kind, "model");
    assert.equal(result.metric, "ams");
    assert.equal(result.rowCount, rows);
    assert.ok(result.publicScore > 0);
    assert.equal(result.publicScore, fromFile.publicScore);
    assert.equal(result.privateScore, fromFile.privateScore);
  });

  test("two-class model uses the signal class", async () => {
    const layers = randomDenseLayers([featureCount, 2], 6);
    const modelPath = path.join(rootDir, "two-class.onnx");
    await writeFile(modelPath, denseNetworkOnnx(layers, "softmax"));
    const both = denseNetworkReference(layers, "softmax", features, rows);
    const probabilities = ids.map((_, row) => Math.fround(both[row * 2 + 1]!));
    assert.ok(probabilities.every((probability) => Math.abs(probability - 0.5) > 1e-6));

    const result = await scoreModelSubmission(bundle, modelPath, "two-class.onnx", options());
    const fromFile = await scoreSubmission(bundle, await writePredictionFile("two-class.csv", probabilities));
    assert.equal(result.publicScore, fromFile.publicScore);
    assert.equal(result.privateScore, fromFile.privateScore);
  });

  test("raw scores fail with a sigmoid hint", async () => {
    // A linear model without a sigmoid outputs scores outside [0, 1].
    const modelPath = path.join(rootDir, "linear.onnx");
    const model = buildOnnxModel({
      inputs: [{ name: "features", shape: ["batch", featureCount] }],
      outputs: [{ name: "score", shape: ["batch", 1] }],
      initializers: [{ name: "w", dims: [featureCount, 1], values: new Float32Array(featureCount).fill(3) }],
      nodes: [{ op: "MatMul", inputs: ["features", "w"], outputs: ["score"] }],
    });
    await writeFile(modelPath, model);
    await assert.rejects(scoreModelSubmission(bundle, modelPath, "linear.onnx", options()), (error) => {
      assert.ok(error instanceof SubmissionError);
      assert.equal(error.reason, "out_of_range");
      assert.match(error.message, /outside \[0, 1\]/);
      assert.match(error.message, /sigmoid/);
      return true;
    });
  });
});

describe("higgs-boson-ams bundle", () => {
  let copy: { dir: string; cleanup: () => void };

  before(async () => {
    copy = await demoBundle("higgs-boson-ams");
  });

  after(() => copy.cleanup());

  test("feature columns follow test.csv", async () => {
    const bundle = loadBundle(copy.dir, { requireData: true });
    const header = (await readFile(path.join(copy.dir, "public/test.csv"), "utf8")).split("\n")[0]!;
    assert.deepEqual(bundle.definition.model?.feature_columns, header.split(",").slice(1));
    assert.deepEqual(bundle.definition.model?.feature_columns, [...higgsFeatureColumns]);
    assert.deepEqual(bundle.definition.kinds, ["predictions", "model"]);
  });

  test("accepts and scores a logistic model", async () => {
    const bundle = loadBundle(copy.dir, { requireData: true });
    const layers = randomDenseLayers([higgsFeatureColumns.length, 1], 9);
    layers[0]!.weights.fill(0);
    layers[0]!.bias.fill(0);
    // Features are not standardised, so one small weight on DER_mass_MMC keeps the output away from 0 and 1.
    layers[0]!.weights[higgsFeatureColumns.indexOf("DER_mass_MMC")] = 0.01;
    layers[0]!.bias[0] = -1;
    const modelPath = path.join(copy.dir, "logistic.onnx");
    await writeFile(modelPath, denseNetworkOnnx(layers, "sigmoid"));

    const inspection = await checkModelUpload(bundle, modelPath, "logistic.onnx");
    assert.equal(inspection.layout, "single");
    assert.deepEqual(inspection.input.shape, ["batch", higgsFeatureColumns.length]);

    const result = await scoreModelSubmission(bundle, modelPath, "logistic.onnx", {
      featureCacheDir: path.join(copy.dir, "feature-cache"),
      tempDir: copy.dir,
    });
    assert.equal(result.metric, "ams");
    assert.ok(Number.isFinite(result.publicScore));
    assert.ok(Number.isFinite(result.privateScore));
  });
});
