import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { loadBundle } from "../../lib/challenge/load.ts";
import type { Bundle } from "../../lib/challenge/bundle.ts";
import { ModelSubmissionError } from "../../lib/models/errors.ts";
import { checkModelUpload, scoreModelSubmission } from "../../lib/models/score.ts";
import { SubmissionError } from "../../lib/reader/errors.ts";
import { scoreSubmission } from "../../lib/scoring/index.ts";
import { demoFeatureColumns, writeDemoBundle } from "./helpers/demo-bundle.ts";
import { buildOnnxModel } from "./helpers/onnx-builder.ts";
import {
  denseNetworkOnnx,
  denseNetworkReference,
  randomDenseLayers,
} from "./helpers/reference-models.ts";
import { layersModelZip } from "./helpers/tfjs-models.ts";

const featureCount = demoFeatureColumns.length;
const rows = 1200;

let rootDir: string;
let bundle: Bundle;
let features: Float32Array;
let ids: string[];
let labels: number[];
let usage: string[];

before(async () => {
  rootDir = await mkdtemp(path.join(os.tmpdir(), "model-score-test-"));
  const demo = await writeDemoBundle(rootDir, rows, 31);
  ({ features, ids, labels, usage } = demo);
  bundle = loadBundle(demo.dir, { requireData: true });
});

after(async () => {
  await rm(rootDir, { recursive: true, force: true });
});

async function writeInput(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(rootDir, name);
  await writeFile(file, bytes);
  return file;
}

/** Scores the given predictions as a CSV submission file. */
async function scoreAsFile(name: string, predictions: ArrayLike<number>) {
  const lines = ids.map((id, row) => `${id},${predictions[row]}`);
  const file = await writeInput(name, new TextEncoder().encode(`id,prediction\n${lines.join("\n")}\n`));
  return scoreSubmission(bundle, file);
}

/** ROC AUC by comparing every signal-background pair; ties count one half. */
function pairwiseAuc(scores: ArrayLike<number>, part: string): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < rows; i++) {
    if (usage[i] !== part || labels[i] !== 1) continue;
    for (let j = 0; j < rows; j++) {
      if (usage[j] !== part || labels[j] !== 0) continue;
      pairs++;
      if (scores[i]! > scores[j]!) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

const cacheOptions = () => ({ featureCacheDir: path.join(rootDir, "feature-cache"), tempDir: rootDir });

describe("scoreModelSubmission", () => {
  test("ONNX MLP scores like its file", async () => {
    const layers = randomDenseLayers([featureCount, 12, 1], 41);
    const modelPath = await writeInput("mlp.onnx", denseNetworkOnnx(layers, "sigmoid"));
    const result = await scoreModelSubmission(bundle, modelPath, "mlp.onnx", cacheOptions());
    const reference = Array.from(denseNetworkReference(layers, "sigmoid", features, rows), Math.fround);
    const fromFile = await scoreAsFile("mlp.csv", reference);
    assert.equal(result.kind, "model");
    assert.equal(result.rowCount, rows);
    assert.ok(Math.abs(result.publicScore - fromFile.publicScore) < 1e-12);
    assert.ok(Math.abs(result.privateScore - fromFile.privateScore) < 1e-12);
    assert.ok(Math.abs(result.publicScore - pairwiseAuc(reference, "Public")) < 1e-12);
    assert.ok(Math.abs(result.privateScore - pairwiseAuc(reference, "Private")) < 1e-12);
  });

  test("two-class output uses class 1", async () => {
    const layers = randomDenseLayers([featureCount, 2], 42);
    const modelPath = await writeInput("two.onnx", denseNetworkOnnx(layers, "softmax"));
    const result = await scoreModelSubmission(bundle, modelPath, "two.onnx", cacheOptions());
    const both = denseNetworkReference(layers, "softmax", features, rows);
    const signal = ids.map((_, row) => Math.fround(both[row * 2 + 1]!));
    assert.ok(Math.abs(result.publicScore - pairwiseAuc(signal, "Public")) < 1e-12);
    assert.ok(Math.abs(result.privateScore - pairwiseAuc(signal, "Private")) < 1e-12);
  });

  test("TF.js model scores like reference", async () => {
    const layers = randomDenseLayers([featureCount, 6, 1], 43);
    const modelPath = await writeInput("layers.zip", await layersModelZip(layers, "sigmoid"));
    const result = await scoreModelSubmission(bundle, modelPath, "layers.zip", cacheOptions());
    const reference = denseNetworkReference(layers, "sigmoid", features, rows);
    assert.ok(Math.abs(result.publicScore - pairwiseAuc(reference, "Public")) < 1e-9);
    assert.ok(Math.abs(result.privateScore - pairwiseAuc(reference, "Private")) < 1e-9);
  });

  test("NaN output fails as a submission", async () => {
    // sqrt(-|sum of features|) is NaN for every row with a non-zero sum.
    const model = buildOnnxModel({
      inputs: [{ name: "x", shape: ["n", featureCount] }],
      outputs: [{ name: "y", shape: ["n", 1] }],
      initializers: [{ name: "axes", dims: [1], values: [1], type: "int64" }],
      nodes: [
        { op: "ReduceSum", inputs: ["x", "axes"], outputs: ["sum"] },
        { op: "Abs", inputs: ["sum"], outputs: ["size"] },
        { op: "Neg", inputs: ["size"], outputs: ["negative"] },
        { op: "Sqrt", inputs: ["negative"], outputs: ["y"] },
      ],
    });
    const modelPath = await writeInput("nan.onnx", model);
    await assert.rejects(scoreModelSubmission(bundle, modelPath, "nan.onnx", cacheOptions()), (error) => {
      assert.ok(error instanceof SubmissionError);
      assert.equal(error.reason, "not_finite");
      assert.match(error.message, /^nan\.onnx: row 1 \(id ev1000\): NaN is not a finite number/);
      return true;
    });
  });

  test("raw scores get a sigmoid hint", async () => {
    // Without a head the network outputs logits, some outside [0, 1].
    const layers = randomDenseLayers([featureCount, 1], 46);
    const model = buildOnnxModel({
      inputs: [{ name: "x", shape: ["n", featureCount] }],
      outputs: [{ name: "y", shape: ["n", 1] }],
      initializers: [
        { name: "w", dims: [featureCount, 1], values: Array.from(layers[0]!.weights, (w) => w * 10) },
      ],
      nodes: [{ op: "MatMul", inputs: ["x", "w"], outputs: ["y"] }],
    });
    const modelPath = await writeInput("logits.onnx", model);
    await assert.rejects(scoreModelSubmission(bundle, modelPath, "logits.onnx", cacheOptions()), (error) => {
      assert.ok(error instanceof ModelSubmissionError);
      assert.equal(error.modelReason, "output_out_of_range");
      assert.equal(error.reason, "out_of_range");
      assert.match(error.message, /^logits\.onnx: row \d+ \(id ev\d+\): .* is outside \[0, 1\]/);
      assert.match(error.message, /end it with a sigmoid/);
      return true;
    });
  });

  test("unknown extension is rejected", async () => {
    const modelPath = await writeInput("model.pkl", new Uint8Array([1, 2, 3]));
    await assert.rejects(scoreModelSubmission(bundle, modelPath, "model.pkl", cacheOptions()), (error) => {
      assert.ok(error instanceof ModelSubmissionError);
      assert.match(error.message, /must be an \.onnx file or a \.zip/);
      return true;
    });
  });
});

describe("checkModelUpload", () => {
  test("reports the model interface", async () => {
    const modelPath = await writeInput(
      "upload.onnx",
      denseNetworkOnnx(randomDenseLayers([featureCount, 1], 44), "sigmoid"),
    );
    const inspection = await checkModelUpload(bundle, modelPath, "upload.onnx", { tempDir: rootDir });
    assert.equal(inspection.format, "onnx");
    assert.equal(inspection.layout, "single");
    assert.deepEqual(inspection.input.shape, ["batch", featureCount]);
  });

  test("rejects wrong input width", async () => {
    const modelPath = await writeInput(
      "upload-wide.onnx",
      denseNetworkOnnx(randomDenseLayers([featureCount + 3, 1], 45), "sigmoid"),
    );
    await assert.rejects(checkModelUpload(bundle, modelPath, "upload-wide.onnx", { tempDir: rootDir }), (error) => {
      assert.ok(error instanceof ModelSubmissionError);
      assert.equal(error.modelReason, "input_mismatch");
      assert.match(error.message, /^upload-wide\.onnx: The model must have one float32 input of shape \[batch, 5\]/);
      return true;
    });
  });
});
