import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { demoFeatureColumns, writeDemoBundle, type DemoBundle } from "./helpers/demo-bundle.ts";
import { denseNetworkOnnx, randomDenseLayers } from "./helpers/reference-models.ts";

const featureCount = demoFeatureColumns.length;
let rootDir: string;
let demo: DemoBundle;

before(async () => {
  rootDir = await mkdtemp(path.join(os.tmpdir(), "model-cli-test-"));
  demo = await writeDemoBundle(rootDir, 300, 51);
});

after(async () => {
  await rm(rootDir, { recursive: true, force: true });
});

function arena(...args: string[]) {
  return spawnSync(process.execPath, ["bin/arena.mjs", "model", ...args], {
    encoding: "utf8",
    env: { ...process.env, LOG_LEVEL: "warn", TMPDIR: rootDir },
  });
}

describe("arena model", () => {
  test("scores a model as JSON", async () => {
    const modelPath = path.join(rootDir, "logistic.onnx");
    await writeFile(modelPath, denseNetworkOnnx(randomDenseLayers([featureCount, 1], 52), "sigmoid"));
    const result = arena("--challenge", demo.dir, "--model", modelPath, "--compact");
    assert.equal(result.status, 0, result.stderr);
    const score = JSON.parse(result.stdout) as { kind: string; rowCount: number; publicScore: number };
    assert.equal(score.kind, "model");
    assert.equal(score.rowCount, 300);
    assert.ok(score.publicScore >= 0);
    assert.ok(score.publicScore <= 1);
  });

  test("check-only reports the layout", async () => {
    const modelPath = path.join(rootDir, "two.onnx");
    await writeFile(modelPath, denseNetworkOnnx(randomDenseLayers([featureCount, 2], 53), "softmax"));
    const result = arena("--challenge", demo.dir, "--model", modelPath, "--check-only", "--compact");
    assert.equal(result.status, 0, result.stderr);
    const inspection = JSON.parse(result.stdout) as { layout: string; outputWidth: number };
    assert.equal(inspection.layout, "signal_of_two");
    assert.equal(inspection.outputWidth, 2);
  });

  test("invalid model exits with 2", async () => {
    const modelPath = path.join(rootDir, "wide.onnx");
    await writeFile(modelPath, denseNetworkOnnx(randomDenseLayers([featureCount + 1, 1], 54), "sigmoid"));
    const result = arena("--challenge", demo.dir, "--model", modelPath, "--check-only");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /arena model: invalid model: wide\.onnx: The model must have one float32 input of shape \[batch, 5\]/);
  });

  test("missing arguments exit with 2", () => {
    const result = arena("--challenge", demo.dir);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--challenge and --model are required/);
  });
});
