// Times model inference through the model sandbox on the tau -> 3 muons
// test size (855,819 rows x 46 random features), and the whole model job
// against scoring the same predictions as a file.
//
//   node --import tsx bench/models-bench.ts [--rows N] [--repeat N]
//
// Writes its data under bench/out/models (gitignored) and prints Markdown
// tables for docs/benchmarks.md.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { loadBundle } from "../lib/challenge/load.ts";
import { loadFeatureMatrix } from "../lib/models/features.ts";
import type { ModelFormat } from "../lib/models/protocol.ts";
import { predictInSandbox } from "../lib/models/sandbox.ts";
import { defaultBatchRows, defaultThreads, scoreModelSubmission } from "../lib/models/score.ts";
import { extractZip } from "../lib/models/zip.ts";
import { scoreSubmission } from "../lib/scoring/index.ts";
import {
  denseNetworkOnnx,
  randomDenseLayers,
  randomMatrix,
  randomTree,
  seededRandom,
  treeEnsembleOnnx,
} from "../tests/models/helpers/reference-models.ts";
import { layersModelZip } from "../tests/models/helpers/tfjs-models.ts";

const { values: flags } = parseArgs({
  options: {
    rows: { type: "string", default: "855819" },
    repeat: { type: "string", default: "3" },
  },
});
const rows = Number(flags.rows);
const repeat = Number(flags.repeat);
const featureCount = 46;
const outDir = path.resolve("bench/out/models");
const limits = { timeLimitS: 600, memoryMb: 4096 };
const cores = os.availableParallelism();

interface Case {
  label: string;
  format: ModelFormat;
  modelPath: string;
  tfjsBackend?: "wasm" | "cpu";
  threads?: number;
  batchRows?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeInference(item: Case, featuresPath: string) {
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    const workDir = path.join(outDir, "jobs", `${item.label.replace(/\W+/g, "-")}-${i}`);
    await mkdir(workDir, { recursive: true });
    const run = await predictInSandbox(
      {
        format: item.format,
        modelPath: item.modelPath,
        featuresPath,
        outputPath: path.join(workDir, "outputs.f64"),
        rows,
        featureCount,
        batchRows: item.batchRows ?? defaultBatchRows,
        threads: item.threads ?? defaultThreads,
        ...(item.tfjsBackend ? { tfjsBackend: item.tfjsBackend } : {}),
      },
      limits,
      { workDir },
    );
    runs.push(run);
  }
  const inferenceMs = median(runs.map((run) => run.result.inferenceMs));
  const bestMs = Math.min(...runs.map((run) => run.result.inferenceMs));
  return {
    label: item.label,
    bestRowsPerSecond: rows / (bestMs / 1000),
    backend: runs[0]!.result.backend,
    loadMs: median(runs.map((run) => run.result.loadMs)),
    inferenceMs,
    wallMs: median(runs.map((run) => run.elapsedMs)),
    peakRssMb: Math.max(...runs.map((run) => run.peakRssMb)),
    rowsPerSecond: rows / (inferenceMs / 1000),
  };
}

async function writeModels() {
  const modelDir = path.join(outDir, "models");
  await mkdir(modelDir, { recursive: true });
  const logistic = randomDenseLayers([featureCount, 1], 1);
  const mlp = randomDenseLayers([featureCount, 64, 64, 1], 2);
  const random = seededRandom(3);
  const trees = Array.from({ length: 100 }, () => randomTree(random, 6, featureCount));
  const files = {
    logistic: path.join(modelDir, "logistic.onnx"),
    mlp: path.join(modelDir, "mlp.onnx"),
    trees: path.join(modelDir, "trees.onnx"),
  };
  await writeFile(files.logistic, denseNetworkOnnx(logistic, "sigmoid"));
  await writeFile(files.mlp, denseNetworkOnnx(mlp, "sigmoid"));
  await writeFile(files.trees, treeEnsembleOnnx(trees, 0, featureCount));
  const zips = {
    logistic: path.join(modelDir, "logistic.zip"),
    mlp: path.join(modelDir, "mlp.zip"),
  };
  await writeFile(zips.logistic, await layersModelZip(logistic, "sigmoid"));
  await writeFile(zips.mlp, await layersModelZip(mlp, "sigmoid"));
  const tfjsDirs = {
    logistic: (await extractZip(zips.logistic, { parentDir: modelDir })).dir,
    mlp: (await extractZip(zips.mlp, { parentDir: modelDir })).dir,
  };
  return { files, tfjsDirs };
}

/** Writes a bundle whose model job runs on the same random features. */
async function writeBundle(features: Float32Array): Promise<string> {
  const dir = path.join(outDir, "bundles", "models-bench");
  await mkdir(path.join(dir, "public"), { recursive: true });
  await mkdir(path.join(dir, "hidden"), { recursive: true });
  const columns = Array.from({ length: featureCount }, (_, j) => `f${j}`);
  await writeFile(
    path.join(dir, "challenge.yaml"),
    `slug: models-bench
title: Model benchmark
summary: Random features at the tau to three muons test size.
kinds: [predictions, model]
pages: { overview: page.md, data: page.md, evaluation: page.md, rules: page.md }
limits: { daily_submissions: 5, max_file_mb: 100, final_selections: 1 }
phase: { opens: "2026-01-01T00:00:00Z", closes: "2027-01-01T00:00:00Z" }
submission:
  id_column: id
  columns: [{ name: prediction, type: number, min: 0, max: 1 }]
answer_key:
  file: hidden/answer-key.csv
  split: { column: Usage, public: Public, private: Private }
metric:
  id: roc_auc
  inputs:
    labels: { answer_key: signal }
    scores: { submission: prediction }
model:
  features_file: public/test.csv
  feature_columns: [${columns.join(", ")}]
  time_limit_s: 600
  memory_mb: 4096
  max_size_mb: 100
`,
  );
  await writeFile(path.join(dir, "page.md"), "# Benchmark\n");
  const random = seededRandom(4);
  const featureFile = createWriteStream(path.join(dir, "public/test.csv"));
  const keyFile = createWriteStream(path.join(dir, "hidden/answer-key.csv"));
  featureFile.write(`id,${columns.join(",")}\n`);
  keyFile.write("id,signal,Usage\n");
  for (let row = 0; row < rows; row++) {
    const values = features.subarray(row * featureCount, (row + 1) * featureCount);
    if (!featureFile.write(`${row},${Array.from(values).join(",")}\n`)) {
      await once(featureFile, "drain");
    }
    keyFile.write(`${row},${random() < 0.5 ? 1 : 0},${random() < 0.3 ? "Public" : "Private"}\n`);
  }
  await Promise.all([
    new Promise((resolve) => featureFile.end(resolve)),
    new Promise((resolve) => keyFile.end(resolve)),
  ]);
  return dir;
}

async function timeWholeJob(bundleDir: string, modelPath: string) {
  const bundle = loadBundle(bundleDir, { requireData: true });
  const cacheDir = path.join(outDir, "feature-cache");
  await rm(cacheDir, { recursive: true, force: true });
  const options = { featureCacheDir: cacheDir, tempDir: outDir };

  let started = performance.now();
  const cold = await scoreModelSubmission(bundle, modelPath, "mlp.onnx", options);
  const coldMs = performance.now() - started;
  const warmRuns: number[] = [];
  for (let i = 0; i < repeat; i++) {
    started = performance.now();
    await scoreModelSubmission(bundle, modelPath, "mlp.onnx", options);
    warmRuns.push(performance.now() - started);
  }

  // The same predictions as a file: run the model once more on the
  // cached features and write id,prediction.
  const columns = bundle.definition.model!.feature_columns;
  const matrix = await loadFeatureMatrix({ file: bundle.modelFeaturesFile!, idColumn: "id", featureColumns: columns }, cacheDir);
  const workDir = path.join(outDir, "jobs", "file-predictions");
  await mkdir(workDir, { recursive: true });
  const outputPath = path.join(workDir, "outputs.f64");
  await predictInSandbox(
    { format: "onnx", modelPath, featuresPath: matrix.binaryPath, outputPath, rows, featureCount, batchRows: defaultBatchRows, threads: defaultThreads },
    limits,
    { workDir },
  );
  const bytes = await readFile(outputPath);
  const outputs = new Float64Array(bytes.buffer, bytes.byteOffset, rows);
  const csvLines = ["id,prediction"];
  for (let row = 0; row < rows; row++) csvLines.push(`${matrix.ids[row]},${outputs[row]}`);
  const csvPath = path.join(outDir, "mlp-predictions.csv");
  await writeFile(csvPath, csvLines.join("\n") + "\n");
  csvLines.length = 0;
  const fileRuns: number[] = [];
  let fromFile;
  for (let i = 0; i < repeat; i++) {
    started = performance.now();
    fromFile = await scoreSubmission(bundle, csvPath);
    fileRuns.push(performance.now() - started);
  }
  return {
    coldMs,
    warmMs: median(warmRuns),
    fileMs: median(fileRuns),
    sameScore: cold.publicScore === fromFile!.publicScore && cold.privateScore === fromFile!.privateScore,
  };
}

async function main() {
  await mkdir(outDir, { recursive: true });
  const features = randomMatrix(seededRandom(5), rows, featureCount, 2);
  const featuresPath = path.join(outDir, "features.f32");
  await writeFile(featuresPath, new Uint8Array(features.buffer));
  const { files, tfjsDirs } = await writeModels();

  const cases: Case[] = [
    { label: "logistic, ONNX", format: "onnx", modelPath: files.logistic },
    { label: "MLP 46-64-64-1, ONNX", format: "onnx", modelPath: files.mlp },
    { label: "100 trees (depth 6), ONNX", format: "onnx", modelPath: files.trees },
    { label: "logistic, TF.js wasm", format: "tfjs", modelPath: tfjsDirs.logistic, tfjsBackend: "wasm" },
    { label: "MLP 46-64-64-1, TF.js wasm", format: "tfjs", modelPath: tfjsDirs.mlp, tfjsBackend: "wasm" },
    { label: "logistic, TF.js cpu", format: "tfjs", modelPath: tfjsDirs.logistic, tfjsBackend: "cpu" },
    { label: "MLP 46-64-64-1, TF.js cpu", format: "tfjs", modelPath: tfjsDirs.mlp, tfjsBackend: "cpu" },
  ];
  const sweep: Case[] = [];
  for (const threads of [1, cores]) {
    for (const batchRows of [2_048, 8_192, 32_768, 131_072, rows]) {
      sweep.push({ label: `MLP ONNX, ${threads} threads, batch ${batchRows}`, format: "onnx", modelPath: files.mlp, threads, batchRows });
    }
  }
  for (const batchRows of [2_048, 131_072]) {
    sweep.push({ label: `trees ONNX, ${cores} threads, batch ${batchRows}`, format: "onnx", modelPath: files.trees, threads: cores, batchRows });
  }

  const loadAverage = () => os.loadavg().map((value) => value.toFixed(1)).join(" ");
  console.log(`rows ${rows}, features ${featureCount}, cores ${cores}, median of ${repeat}`);
  console.log(`load average at start: ${loadAverage()}\n`);
  console.log("| Model, runtime | Backend | Load ms | Inference ms | Rows/s | Best rows/s | Child wall ms | Peak RSS MiB |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|");
  for (const item of [...cases, ...sweep]) {
    const result = await timeInference(item, featuresPath);
    console.log(
      `| ${result.label} | ${result.backend} | ${result.loadMs.toFixed(0)} | ${result.inferenceMs.toFixed(0)} | ` +
        `${Math.round(result.rowsPerSecond).toLocaleString("en-US")} | ` +
        `${Math.round(result.bestRowsPerSecond).toLocaleString("en-US")} | ${result.wallMs.toFixed(0)} | ${result.peakRssMb.toFixed(0)} |`,
    );
  }

  const bundleDir = await writeBundle(features);
  const job = await timeWholeJob(bundleDir, files.mlp);
  console.log("\n| Whole job (MLP, ONNX) | ms |");
  console.log("|---|---:|");
  console.log(`| Model job, first run (converts the feature CSV) | ${job.coldMs.toFixed(0)} |`);
  console.log(`| Model job, cached features | ${job.warmMs.toFixed(0)} |`);
  console.log(`| Same predictions scored as a file | ${job.fileMs.toFixed(0)} |`);
  console.log(`\nratio cached job / file: ${(job.warmMs / job.fileMs).toFixed(2)}; same scores: ${job.sameScore}`);
  console.log(`load average at end: ${loadAverage()}`);
}

await main();
