import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { ModelSubmissionError, SandboxError } from "../../lib/models/errors.ts";
import type { PredictJob } from "../../lib/models/protocol.ts";
import {
  checkNetworkIsolation,
  childCommand,
  childFileAccess,
  predictInSandbox,
  withoutNetwork,
  type SandboxLimits,
} from "../../lib/models/sandbox.ts";
import { memoryHogOnnx, slowOnnx } from "./helpers/hostile-models.ts";
import { buildOnnxModel } from "./helpers/onnx-builder.ts";
import {
  denseNetworkOnnx,
  denseNetworkReference,
  randomDenseLayers,
  randomMatrix,
  randomTree,
  seededRandom,
  treeEnsembleOnnx,
  treeEnsembleReference,
} from "./helpers/reference-models.ts";

const featureCount = 6;
const limits: SandboxLimits = { timeLimitS: 30, memoryMb: 512 };
let workDir: string;

before(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "sandbox-test-"));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Writes a model and features, runs the model and returns its outputs. */
async function runModel(
  name: string,
  model: Uint8Array,
  features: Float32Array,
  options: { limits?: SandboxLimits; batchRows?: number; onSpawn?: (pid: number) => void } = {},
): Promise<{ outputs: Float64Array; width: number }> {
  const jobDir = await mkdtemp(path.join(workDir, `${name}-`));
  const modelPath = path.join(jobDir, "model.onnx");
  const featuresPath = path.join(jobDir, "features.f32");
  const outputPath = path.join(jobDir, "outputs.f64");
  await writeFile(modelPath, model);
  await writeFile(featuresPath, new Uint8Array(features.buffer));
  const run = await predictInSandbox(
    {
      format: "onnx",
      modelPath,
      featuresPath,
      outputPath,
      rows: features.length / featureCount,
      featureCount,
      batchRows: options.batchRows ?? 1000,
      threads: 2,
    },
    options.limits ?? limits,
    { workDir: jobDir, ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}) },
  );
  const bytes = await readFile(outputPath);
  const outputs = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
  return { outputs, width: run.result.width };
}

function assertClose(actual: Float64Array, expected: Float64Array, tolerance: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs(actual[i]! - expected[i]!);
    assert.ok(difference <= tolerance, `row value ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

describe("predictInSandbox", () => {
  const rows = 2500;
  const features = randomMatrix(seededRandom(11), rows, featureCount, 2);

  test("logistic model matches reference", async () => {
    const layers = randomDenseLayers([featureCount, 1], 1);
    const { outputs, width } = await runModel("logistic", denseNetworkOnnx(layers, "sigmoid"), features);
    assert.equal(width, 1);
    assertClose(outputs, denseNetworkReference(layers, "sigmoid", features, rows), 1e-6);
  });

  test("MLP matches reference across batches", async () => {
    const layers = randomDenseLayers([featureCount, 16, 8, 1], 2);
    const model = denseNetworkOnnx(layers, "sigmoid");
    // 2500 rows in batches of 1000 leaves a partial last batch.
    const { outputs } = await runModel("mlp", model, features, { batchRows: 1000 });
    assertClose(outputs, denseNetworkReference(layers, "sigmoid", features, rows), 1e-5);
  });

  test("softmax classes keep their order", async () => {
    const layers = randomDenseLayers([featureCount, 3], 3);
    const { outputs, width } = await runModel("softmax", denseNetworkOnnx(layers, "softmax"), features);
    assert.equal(width, 3);
    assertClose(outputs, denseNetworkReference(layers, "softmax", features, rows), 1e-6);
  });

  test("fixed batch size pads the last batch", async () => {
    const layers = randomDenseLayers([featureCount, 4, 1], 4);
    const model = denseNetworkOnnx(layers, "sigmoid", { batch: 64 });
    const { outputs } = await runModel("fixed", model, features);
    assertClose(outputs, denseNetworkReference(layers, "sigmoid", features, rows), 1e-5);
  });

  test("tree ensemble matches reference", async () => {
    const random = seededRandom(5);
    const trees = Array.from({ length: 20 }, () => randomTree(random, 4, featureCount));
    const { outputs } = await runModel("trees", treeEnsembleOnnx(trees, 0.3, featureCount), features);
    const expected = treeEnsembleReference(trees, 0.3, features, rows, featureCount);
    assertClose(outputs, expected, 1e-5);
  });

  test("memory cap stops the model", async () => {
    // 2000 rows x 6 x 40000 float32 values is about 1.8 GiB.
    const hog = memoryHogOnnx(featureCount, 40_000);
    const many = randomMatrix(seededRandom(6), 2000, featureCount);
    const capped = { timeLimitS: 60, memoryMb: 300 };
    await assert.rejects(runModel("memory", hog, many, { limits: capped, batchRows: 2000 }), (error) => {
      assert.ok(error instanceof ModelSubmissionError);
      assert.equal(error.modelReason, "memory_limit");
      assert.match(error.message, /The model used \d+ MiB, over the 300 MiB limit/);
      return true;
    });
  });

  test("time limit stops the model", async () => {
    // About 2 * 4000 * 1026^2 * 240 = 2e12 floating-point operations, which
    // take tens of seconds even at 50 GFLOP/s, far past every limit here.
    const slow = slowOnnx(featureCount, 1026, 240);
    const many = randomMatrix(seededRandom(7), 4000, featureCount);
    const started = Date.now();
    await assert.rejects(
      runModel("time", slow, many, { limits: { timeLimitS: 2, memoryMb: 2048 }, batchRows: 4000 }),
      (error) => {
        assert.ok(error instanceof ModelSubmissionError);
        assert.equal(error.modelReason, "time_limit");
        assert.match(error.message, /exceeded the 2 s time limit/);
        return true;
      },
    );
    assert.ok(Date.now() - started < 10_000, "the child was not stopped near the limit");
  });

  test("crashed child fails only its job", async () => {
    const slow = slowOnnx(featureCount, 1026, 240);
    const many = randomMatrix(seededRandom(8), 4000, featureCount);
    const crash = (pid: number) => {
      // A segmentation fault in a runtime kernel looks like this to the parent.
      setTimeout(() => process.kill(pid, "SIGSEGV"), 2500);
    };
    await assert.rejects(
      runModel("crash", slow, many, { batchRows: 4000, onSpawn: crash }),
      (error) => {
        assert.ok(error instanceof ModelSubmissionError);
        assert.equal(error.modelReason, "crashed");
        assert.match(error.message, /killed by signal SIGSEGV/);
        return true;
      },
    );
    const layers = randomDenseLayers([featureCount, 1], 9);
    const { outputs } = await runModel("after-crash", denseNetworkOnnx(layers, "sigmoid"), features);
    assertClose(outputs, denseNetworkReference(layers, "sigmoid", features, rows), 1e-6);
  });

  test("child has no environment and a CPU cap", async () => {
    const slow = slowOnnx(featureCount, 1026, 240);
    const many = randomMatrix(seededRandom(10), 4000, featureCount);
    let environment: string | undefined;
    let limits: string | undefined;
    const inspectChild = (pid: number) => {
      // After a second the child has replaced unshare and prlimit by exec.
      setTimeout(() => {
        environment = readFileSync(`/proc/${pid}/environ`, "utf8");
        limits = readFileSync(`/proc/${pid}/limits`, "utf8");
      }, 1000);
    };
    await assert.rejects(
      runModel("environment", slow, many, {
        limits: { timeLimitS: 3, memoryMb: 2048 },
        batchRows: 4000,
        onSpawn: inspectChild,
      }),
      /exceeded the 3 s time limit/,
    );
    assert.equal(environment, "");
    // runModel requests 2 threads: ceil(3 s * (2 + 1)) + 10 s of CPU time.
    assert.match(limits ?? "", /^Max cpu time\s+19\s+19\s+seconds/m);
  });

  test("wrong input width is a model error", async () => {
    const model = denseNetworkOnnx(randomDenseLayers([featureCount + 1, 1], 1), "sigmoid");
    await assert.rejects(runModel("width", model, features), (error) => {
      assert.ok(error instanceof ModelSubmissionError);
      assert.equal(error.modelReason, "input_mismatch");
      assert.match(error.message, /needs one float32 input of shape \[batch, 6\]/);
      return true;
    });
  });

  test("runtime failure is a model error", async () => {
    // 2500 rows x 6 values cannot be reshaped into rows of 7.
    const model = buildOnnxModel({
      inputs: [{ name: "x", shape: ["n", featureCount] }],
      outputs: [{ name: "y", shape: ["m", 7] }],
      initializers: [{ name: "shape", dims: [2], values: [-1, 7], type: "int64" }],
      nodes: [{ op: "Reshape", inputs: ["x", "shape"], outputs: ["y"] }],
    });
    await assert.rejects(runModel("reshape", model, features, { batchRows: rows }), (error) => {
      assert.ok(error instanceof ModelSubmissionError);
      assert.equal(error.modelReason, "invalid_model");
      assert.match(error.message, /failed while running/);
      return true;
    });
  });
});

describe("network isolation", () => {
  test("child sees only loopback", async (context) => {
    if (!(await checkNetworkIsolation())) {
      context.skip("unshare --net is not permitted on this host");
      return;
    }
    const [file, ...args] = await withoutNetwork([
      process.execPath,
      "-e",
      // /proc/self/net/dev lists the interfaces of the reader's namespace.
      "const dev = require('fs').readFileSync('/proc/self/net/dev', 'utf8');" +
        "console.log(dev.split('\\n').slice(2).filter(Boolean).map((l) => l.split(':')[0].trim()).join(','))",
    ]);
    const interfaces = execFileSync(file!, args, { encoding: "utf8" }).trim();
    assert.equal(interfaces, "lo");
  });
});

// Reads and writes the paths named in the JSON file given as its argument,
// tries to spawn a process, and prints each outcome: "ok" or the error code.
const fileProbe = `
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
const targets = JSON.parse(readFileSync(process.argv[2], "utf8"));
const attempt = (action) => {
  try {
    action();
    return "ok";
  } catch (error) {
    return error.code ?? String(error);
  }
};
const outcome = { read: {}, write: {} };
for (const file of targets.read) outcome.read[file] = attempt(() => readFileSync(file));
for (const file of targets.write) outcome.write[file] = attempt(() => writeFileSync(file, "probe"));
outcome.spawn = attempt(() => execFileSync("/bin/true"));
console.log(JSON.stringify(outcome));
`;

describe("file access", () => {
  test("child reads only its job's paths", async () => {
    const jobDir = await mkdtemp(path.join(workDir, "access-"));
    // The features cache lives outside the job folder, like the server's.
    const cacheDir = await mkdtemp(path.join(workDir, "cache-"));
    const modelPath = path.join(jobDir, "model.onnx");
    const featuresPath = path.join(cacheDir, "features.f32");
    const otherCacheFile = path.join(cacheDir, "other.f32");
    const secretPath = path.join(workDir, "secret.txt");
    await writeFile(modelPath, "model");
    await writeFile(featuresPath, "features");
    await writeFile(otherCacheFile, "other");
    await writeFile(secretPath, "secret");
    const probePath = path.join(jobDir, "probe.mjs");
    await writeFile(probePath, fileProbe);
    const insideOutput = path.join(jobDir, "outputs.f64");
    const outsideOutput = path.join(workDir, "escaped.txt");
    const targetsPath = path.join(jobDir, "targets.json");
    const read = [modelPath, featuresPath, otherCacheFile, secretPath, "/etc/passwd"];
    await writeFile(targetsPath, JSON.stringify({ read, write: [insideOutput, outsideOutput] }));

    const job: PredictJob = {
      task: "predict",
      format: "onnx",
      modelPath,
      featuresPath,
      outputPath: insideOutput,
      resultPath: path.join(jobDir, "predict-result.json"),
      rows: 1,
      featureCount,
      batchRows: 1,
      threads: 1,
    };
    // The probe runs in place of the runner bundle, with the sandbox's flags.
    const access = childFileAccess(job, jobDir, process.cwd(), probePath);
    const [file, ...args] = await withoutNetwork(childCommand(probePath, targetsPath, access, limits, 1));
    // The sandbox spawns the runner with an empty environment, and so does this test.
    const env = {} as NodeJS.ProcessEnv;
    const output = execFileSync(file!, args, { cwd: jobDir, env, encoding: "utf8" });
    const outcome = JSON.parse(output) as {
      read: Record<string, string>;
      write: Record<string, string>;
      spawn: string;
    };

    assert.equal(outcome.read[modelPath], "ok");
    assert.equal(outcome.read[featuresPath], "ok");
    assert.equal(outcome.read[otherCacheFile], "ERR_ACCESS_DENIED");
    assert.equal(outcome.read[secretPath], "ERR_ACCESS_DENIED");
    assert.equal(outcome.read["/etc/passwd"], "ERR_ACCESS_DENIED");
    assert.equal(outcome.write[insideOutput], "ok");
    assert.equal(outcome.write[outsideOutput], "ERR_ACCESS_DENIED");
    assert.equal(outcome.spawn, "ERR_ACCESS_DENIED");
    assert.equal(await readFile(insideOutput, "utf8"), "probe");
  });

  test("output outside work folder is rejected", () => {
    const jobDir = path.join(workDir, "job");
    const job: PredictJob = {
      task: "predict",
      format: "onnx",
      modelPath: path.join(jobDir, "model.onnx"),
      featuresPath: path.join(jobDir, "features.f32"),
      outputPath: path.join(workDir, "outputs.f64"),
      resultPath: path.join(jobDir, "predict-result.json"),
      rows: 1,
      featureCount,
      batchRows: 1,
      threads: 1,
    };
    assert.throws(() => childFileAccess(job, jobDir, process.cwd(), "/runner.mjs"), (error) => {
      assert.ok(error instanceof SandboxError);
      assert.match(error.message, /outputs\.f64 is outside the work folder/);
      return true;
    });
  });

  test("wildcard in a path is rejected", () => {
    const jobDir = path.join(workDir, "job");
    const job: PredictJob = {
      task: "predict",
      format: "onnx",
      modelPath: "/srv/uploads/*",
      featuresPath: path.join(jobDir, "features.f32"),
      outputPath: path.join(jobDir, "outputs.f64"),
      resultPath: path.join(jobDir, "predict-result.json"),
      rows: 1,
      featureCount,
      batchRows: 1,
      threads: 1,
    };
    assert.throws(() => childFileAccess(job, jobDir, process.cwd(), "/runner.mjs"), /contains "\*"/);
  });
});
