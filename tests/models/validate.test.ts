import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { ModelSubmissionError, type ModelErrorReason } from "../../lib/models/errors.ts";
import { readOnnxHeader } from "../../lib/models/onnx-header.ts";
import type { ModelFormat } from "../../lib/models/protocol.ts";
import { predictInSandbox } from "../../lib/models/sandbox.ts";
import { inspectModel, type ModelExpectation } from "../../lib/models/validate.ts";
import { buildOnnxModel } from "./helpers/onnx-builder.ts";
import {
  denseNetworkOnnx,
  denseNetworkReference,
  randomDenseLayers,
  randomMatrix,
  seededRandom,
} from "./helpers/reference-models.ts";
import { layersModelFiles, layersModelZip, logisticGraphModelZip } from "./helpers/tfjs-models.ts";
import { buildZip } from "./helpers/zip-writer.ts";

const featureColumns = ["px", "py", "pz", "energy", "charge"];
const featureCount = featureColumns.length;
const binary: ModelExpectation = {
  featureColumns,
  predictionColumns: ["prediction"],
  maxSizeMb: 5,
  limits: { timeLimitS: 30, memoryMb: 1024 },
};
const threeClasses: ModelExpectation = { ...binary, predictionColumns: ["pion", "kaon", "proton"] };

let workDir: string;

before(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "validate-test-"));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function inspectBytes(
  name: string,
  bytes: Uint8Array,
  format: ModelFormat,
  expectation: ModelExpectation = binary,
) {
  const jobDir = await mkdtemp(path.join(workDir, "job-"));
  const file = path.join(jobDir, name);
  await writeFile(file, bytes);
  return inspectModel(file, format, expectation, { workDir: jobDir });
}

async function expectRejection(
  promise: Promise<unknown>,
  reason: ModelErrorReason,
  pattern: RegExp,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ModelSubmissionError, String(error));
    assert.equal(error.modelReason, reason);
    assert.match(error.message, pattern);
    return true;
  });
}

describe("inspectModel with ONNX", () => {
  test("accepts a logistic model", async () => {
    const model = denseNetworkOnnx(randomDenseLayers([featureCount, 1], 1), "sigmoid");
    const inspection = await inspectBytes("logistic.onnx", model, "onnx");
    assert.equal(inspection.layout, "single");
    assert.equal(inspection.outputWidth, 1);
    assert.equal(inspection.input.name, "features");
    assert.match(inspection.backend, /onnxruntime-node/);
  });

  test("accepts two-class probabilities", async () => {
    const model = denseNetworkOnnx(randomDenseLayers([featureCount, 2], 2), "softmax");
    const inspection = await inspectBytes("two.onnx", model, "onnx");
    assert.equal(inspection.layout, "signal_of_two");
    assert.equal(inspection.outputWidth, 2);
  });

  test("accepts k classes in order", async () => {
    const model = denseNetworkOnnx(randomDenseLayers([featureCount, 3], 3), "softmax");
    const inspection = await inspectBytes("three.onnx", model, "onnx", threeClasses);
    assert.equal(inspection.layout, "classes");
    assert.equal(inspection.outputWidth, 3);
  });

  test("accepts a fixed batch size", async () => {
    const model = denseNetworkOnnx(randomDenseLayers([featureCount, 1], 4), "sigmoid", { batch: 1 });
    const inspection = await inspectBytes("fixed.onnx", model, "onnx");
    assert.deepEqual(inspection.input.shape, [1, featureCount]);
  });

  test("rejects wrong input width", async () => {
    const model = denseNetworkOnnx(randomDenseLayers([featureCount + 2, 1], 5), "sigmoid");
    await expectRejection(
      inspectBytes("wide.onnx", model, "onnx"),
      "input_mismatch",
      /one float32 input of shape \[batch, 5\].*found float32 \[batch, 7\]/,
    );
  });

  test("rejects a float64 input", async () => {
    const model = buildOnnxModel({
      inputs: [{ name: "x", type: "double", shape: ["n", featureCount] }],
      outputs: [{ name: "y", type: "double", shape: ["n", featureCount] }],
      nodes: [{ op: "Sigmoid", inputs: ["x"], outputs: ["y"] }],
    });
    await expectRejection(inspectBytes("double.onnx", model, "onnx"), "input_mismatch", /found float64/);
  });

  test("rejects two inputs", async () => {
    const model = buildOnnxModel({
      inputs: [
        { name: "a", shape: ["n", featureCount] },
        { name: "b", shape: ["n", featureCount] },
      ],
      outputs: [{ name: "y", shape: ["n", featureCount] }],
      nodes: [{ op: "Add", inputs: ["a", "b"], outputs: ["y"] }],
    });
    await expectRejection(inspectBytes("two-inputs.onnx", model, "onnx"), "input_mismatch", /found 2 inputs/);
  });

  test("rejects wrong output shape", async () => {
    const model = denseNetworkOnnx(randomDenseLayers([featureCount, 3], 6), "softmax");
    await expectRejection(
      inspectBytes("three-for-one.onnx", model, "onnx"),
      "output_mismatch",
      /must have shape \[batch\], \[batch, 1\] or \[batch, 2\].*gave \[3, 3\]/,
    );
  });

  test("rejects too few classes", async () => {
    const model = denseNetworkOnnx(randomDenseLayers([featureCount, 2], 7), "softmax");
    await expectRejection(
      inspectBytes("two-for-three.onnx", model, "onnx", threeClasses),
      "output_mismatch",
      /\[batch, 3\] \(probabilities of pion, kaon, proton, in that order\)/,
    );
  });

  test("rejects a corrupt file", async () => {
    const bytes = new TextEncoder().encode("id,prediction\n1,0.5\n");
    await expectRejection(inspectBytes("corrupt.onnx", bytes, "onnx"), "invalid_model", /not an ONNX model/);
  });

  test("rejects a truncated model", async () => {
    const model = denseNetworkOnnx(randomDenseLayers([featureCount, 1], 8), "sigmoid");
    await expectRejection(
      inspectBytes("truncated.onnx", model.subarray(0, model.length - 7), "onnx"),
      "invalid_model",
      /not an ONNX model|could not load/,
    );
  });

  test("rejects an unknown operator", async () => {
    const model = buildOnnxModel({
      inputs: [{ name: "x", shape: ["n", featureCount] }],
      outputs: [{ name: "y", shape: ["n", 1] }],
      nodes: [{ op: "NoSuchOperator", inputs: ["x"], outputs: ["y"] }],
    });
    await expectRejection(inspectBytes("unknown-op.onnx", model, "onnx"), "invalid_model", /could not load the model/);
  });

  test("rejects external tensor data", async () => {
    const model = buildOnnxModel({
      inputs: [{ name: "x", shape: ["n", featureCount] }],
      outputs: [{ name: "y", shape: ["n", 1] }],
      initializers: [
        { name: "w", dims: [featureCount, 1], values: [], externalFile: "../../hidden/answer-key.csv" },
      ],
      nodes: [{ op: "MatMul", inputs: ["x", "w"], outputs: ["y"] }],
    });
    await expectRejection(
      inspectBytes("external.onnx", model, "onnx"),
      "invalid_model",
      /keeps tensor "w" in an external data file/,
    );
  });

  test("rejects external data in a Constant", async () => {
    const model = buildOnnxModel({
      inputs: [{ name: "x", shape: ["n", featureCount] }],
      outputs: [{ name: "y", shape: ["n", 1] }],
      nodes: [
        {
          op: "Constant",
          inputs: [],
          outputs: ["w"],
          attributes: {
            value: { tensor: { name: "hidden", dims: [featureCount, 1], values: [], externalFile: "/etc/hostname" } },
          },
        },
        { op: "MatMul", inputs: ["x", "w"], outputs: ["y"] },
      ],
    });
    await expectRejection(
      inspectBytes("external-constant.onnx", model, "onnx"),
      "invalid_model",
      /keeps tensor "hidden" in an external data file/,
    );
  });

  test("rejects an opset above the runtime", async () => {
    const model = denseNetworkOnnx(randomDenseLayers([featureCount, 1], 9), "sigmoid", { opset: 27 });
    await expectRejection(
      inspectBytes("opset27.onnx", model, "onnx"),
      "unsupported_opset",
      /ai\.onnx opset 27; the supported range is 7 to 26/,
    );
  });

  test("accepts the highest supported opset", async () => {
    const model = denseNetworkOnnx(randomDenseLayers([featureCount, 1], 9), "sigmoid", { opset: 26 });
    const inspection = await inspectBytes("opset26.onnx", model, "onnx");
    assert.equal(inspection.layout, "single");
  });

  test("rejects a file over the size limit", async () => {
    const model = denseNetworkOnnx(randomDenseLayers([featureCount, 1], 10), "sigmoid");
    const tiny = { ...binary, maxSizeMb: 0.0001 };
    await expectRejection(inspectBytes("big.onnx", model, "onnx", tiny), "too_large", /over the 0.0001 MiB limit/);
  });
});

describe("readOnnxHeader", () => {
  test("reads opsets and IR version", () => {
    const model = buildOnnxModel({
      opset: 15,
      mlOpset: 3,
      irVersion: 8,
      inputs: [{ name: "x", shape: [1] }],
      outputs: [{ name: "y", shape: [1] }],
      nodes: [{ op: "Relu", inputs: ["x"], outputs: ["y"] }],
    });
    const header = readOnnxHeader(model);
    assert.ok(header);
    assert.equal(header.irVersion, 8);
    assert.equal(header.opsets.get(""), 15);
    assert.equal(header.opsets.get("ai.onnx.ml"), 3);
  });

  test("returns null for other bytes", () => {
    assert.equal(readOnnxHeader(new TextEncoder().encode("PK\u0003\u0004 not onnx")), null);
    assert.equal(readOnnxHeader(new Uint8Array(0)), null);
  });
});

describe("inspectModel with TensorFlow.js", () => {
  const rows = 700;
  const features = randomMatrix(seededRandom(21), rows, featureCount, 2);

  async function predictTfjs(modelDir: string): Promise<Float64Array> {
    const jobDir = await mkdtemp(path.join(workDir, "tfjs-run-"));
    const featuresPath = path.join(jobDir, "features.f32");
    const outputPath = path.join(jobDir, "outputs.f64");
    await writeFile(featuresPath, new Uint8Array(features.buffer));
    await predictInSandbox(
      { format: "tfjs", modelPath: modelDir, featuresPath, outputPath, rows, featureCount, batchRows: 256, threads: 1 },
      binary.limits,
      { workDir: jobDir },
    );
    const bytes = await readFile(outputPath);
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
  }

  test("layers model predicts like reference", async () => {
    const layers = randomDenseLayers([featureCount, 8, 1], 22);
    const inspection = await inspectBytes("layers.zip", await layersModelZip(layers, "sigmoid"), "tfjs");
    assert.equal(inspection.layout, "single");
    assert.match(inspection.backend, /tfjs .*\((wasm|cpu)\)|tfjs-node/);
    const outputs = await predictTfjs(inspection.modelPath);
    const expected = denseNetworkReference(layers, "sigmoid", features, rows);
    assert.equal(outputs.length, expected.length);
    for (let i = 0; i < rows; i++) {
      assert.ok(Math.abs(outputs[i]! - expected[i]!) < 1e-5, `row ${i}: ${outputs[i]} vs ${expected[i]}`);
    }
  });

  test("graph model predicts like reference", async () => {
    const layers = randomDenseLayers([featureCount, 1], 23);
    const inspection = await inspectBytes("graph.zip", logisticGraphModelZip(layers[0]!), "tfjs");
    assert.equal(inspection.layout, "single");
    const outputs = await predictTfjs(inspection.modelPath);
    const expected = denseNetworkReference(layers, "sigmoid", features, rows);
    for (let i = 0; i < rows; i++) {
      assert.ok(Math.abs(outputs[i]! - expected[i]!) < 1e-5, `row ${i}: ${outputs[i]} vs ${expected[i]}`);
    }
  });

  test("model.json inside one folder", async () => {
    const files = await layersModelFiles(randomDenseLayers([featureCount, 1], 24), "sigmoid");
    const nested = files.map((file) => ({ ...file, name: `my-model/${file.name}` }));
    const inspection = await inspectBytes("nested.zip", buildZip(nested), "tfjs");
    assert.equal(path.basename(inspection.modelPath), "my-model");
  });

  test("rejects wrong input width", async () => {
    const zip = await layersModelZip(randomDenseLayers([featureCount + 1, 1], 25), "sigmoid");
    await expectRejection(inspectBytes("wide.zip", zip, "tfjs"), "input_mismatch", /found float32 \[\?, 6\]/);
  });

  test("rejects a zip with a parent path", async () => {
    const files = await layersModelFiles(randomDenseLayers([featureCount, 1], 26), "sigmoid");
    const zip = buildZip([...files, { name: "../../escape.bin", data: "x" }]);
    await expectRejection(inspectBytes("escape.zip", zip, "tfjs"), "unsafe_zip", /'\.\.' segment/);
  });

  test("rejects a missing weights file", async () => {
    const files = await layersModelFiles(randomDenseLayers([featureCount, 1], 27), "sigmoid");
    const zip = buildZip(files.filter((file) => file.name === "model.json"));
    await expectRejection(
      inspectBytes("no-weights.zip", zip, "tfjs"),
      "invalid_model",
      /names the weights file "group1-shard1of1.bin", which is not in the zip/,
    );
  });

  test("rejects a zip without model.json", async () => {
    const zip = buildZip([{ name: "weights.bin", data: "x" }]);
    await expectRejection(inspectBytes("empty.zip", zip, "tfjs"), "invalid_model", /must contain one model.json \(found 0\)/);
  });

  test("rejects a corrupt zip", async () => {
    const bytes = new TextEncoder().encode("not a zip at all");
    await expectRejection(inspectBytes("corrupt.zip", bytes, "tfjs"), "invalid_model", /not a readable zip/);
  });
});
