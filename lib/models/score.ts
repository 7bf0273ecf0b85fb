import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import type { Bundle } from "../challenge/bundle";
import { BundleError } from "../challenge/errors";
import { assertDataReady } from "../challenge/load";
import { logger } from "../log";
import { scorePredictions } from "../scoring";
import type { ScoreOptions, ScoreResult } from "../scoring/types";
import { SubmissionError } from "../reader/errors";
import { ModelSubmissionError } from "./errors";
import { loadFeatureMatrix } from "./features";
import type { ModelFormat } from "./protocol";
import { rankByProbability } from "./ranking";
import { predictInSandbox } from "./sandbox";
import {
  checkModelInterface,
  inspectModel,
  prepareModelFile,
  type ModelExpectation,
  type ModelInspection,
  type OutputLayout,
} from "./validate";

export interface ModelScoreOptions extends ScoreOptions {
  /** The model format; by default taken from the file name (.onnx or .zip). */
  format?: ModelFormat;
  /** Parent of the job's temporary folder; the system temporary folder by default. */
  tempDir?: string;
  /** Folder of converted feature matrices, kept between jobs. */
  featureCacheDir?: string;
  /** Runtime threads per inference; `defaultThreads` by default. */
  threads?: number;
  /** Rows per inference call. */
  batchRows?: number;
  /** Called with the runner's process id (tests use it). */
  onSpawn?: (pid: number) => void;
}

/**
 * Rows per inference call. Small batches keep a dense network's
 * intermediate values in the CPU cache; bench/models-bench.ts measured
 * 8192 rows fastest for a 46-64-64-1 network on a 2-core machine.
 */
export const defaultBatchRows = 8_192;

/**
 * Runtime threads per inference. On the shared 2-core machine of the
 * benchmark, one thread ran the MLP about twice as fast as two, because
 * the second thread competed with other processes for the cores.
 */
export const defaultThreads = 1;

/**
 * Returns the model format that a file name's extension names: `.onnx`
 * for ONNX, `.zip` for a TensorFlow.js model.
 */
export function modelFormatOf(fileName: string): ModelFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".onnx")) return "onnx";
  if (lower.endsWith(".zip")) return "tfjs";
  throw new ModelSubmissionError(
    "invalid_model",
    "A model must be an .onnx file or a .zip of a TensorFlow.js model (model.json and its weight files).",
    { file: fileName },
  );
}

/**
 * The name of the model's one output column under a `model.ranking` rule,
 * which turns it into the rank and class columns.
 */
const rankingOutputColumn = "signal probability";

/** Reads what the challenge requires of a model from its definition. */
export function modelExpectation(bundle: Bundle): ModelExpectation {
  const { model, submission } = bundle.definition;
  if (!model || !submission || !bundle.definition.kinds.includes("model")) {
    throw new BundleError(bundle.definitionFile, `challenge "${bundle.slug}" does not accept model submissions`);
  }
  const nonNumeric = submission.columns.find((column) => column.type !== "number");
  if (nonNumeric && !model.ranking) {
    throw new BundleError(
      bundle.definitionFile,
      `challenge "${bundle.slug}": prediction column "${nonNumeric.name}" is a ${nonNumeric.type}, but models can fill only number columns unless \`model.ranking\` is set`,
    );
  }
  return {
    featureColumns: model.feature_columns,
    predictionColumns: model.ranking
      ? [rankingOutputColumn]
      : submission.columns.map((column) => column.name),
    maxSizeMb: model.max_size_mb,
    limits: { timeLimitS: model.time_limit_s, memoryMb: model.memory_mb },
  };
}

function defaultFeatureCacheDir(): string {
  return path.join(os.tmpdir(), "collider-arena-features");
}

/** Splits the runner's row-major outputs into the prediction columns. */
function outputColumns(
  outputs: Float64Array,
  width: number,
  layout: OutputLayout,
  names: readonly string[],
): Record<string, Float64Array> {
  const rows = outputs.length / width;
  if (layout === "single") return { [names[0]!]: outputs };
  const columns: Record<string, Float64Array> = {};
  const picks = layout === "signal_of_two" ? [1] : names.map((_, index) => index);
  picks.forEach((source, index) => {
    const column = new Float64Array(rows);
    for (let row = 0; row < rows; row++) column[row] = outputs[row * width + source]!;
    columns[names[index]!] = column;
  });
  return columns;
}

/**
 * Checks an uploaded model against the challenge (size, format, input and
 * output shapes, opset, a trial run in the sandbox) and returns what was
 * found. Throws ModelSubmissionError for a model that cannot be scored.
 */
export async function checkModelUpload(
  bundle: Bundle,
  filePath: string,
  fileName: string,
  options: Pick<ModelScoreOptions, "format" | "tempDir"> = {},
): Promise<Omit<ModelInspection, "modelPath">> {
  const expectation = modelExpectation(bundle);
  const format = options.format ?? modelFormatOf(fileName);
  const tempDir = options.tempDir ?? os.tmpdir();
  const workDir = await mkdtemp(path.join(tempDir, "model-check-"));
  try {
    const { modelPath: _modelPath, ...inspection } = await inspectModel(filePath, format, expectation, {
      displayName: fileName,
      workDir,
    });
    return inspection;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Runs a model submission in the sandbox on the bundle's test features and
 * scores its output exactly as a prediction file with the same values,
 * after the `model.ranking` rule when the challenge sets one.
 * Returns the same result as `scoreSubmission`. Throws ModelSubmissionError
 * (a SubmissionError) for the model's faults, SubmissionError for invalid
 * output values, BundleError for the challenge's, SandboxError when the
 * runner cannot start.
 */
export async function scoreModelSubmission(
  bundle: Bundle,
  modelPath: string,
  fileName: string,
  options: ModelScoreOptions = {},
): Promise<ScoreResult> {
  const expectation = modelExpectation(bundle);
  assertDataReady(bundle);
  const format = options.format ?? modelFormatOf(fileName);
  const model = bundle.definition.model!;
  const featuresFile = bundle.modelFeaturesFile!;
  const idColumn = model.id_column ?? bundle.definition.submission!.id_column;
  const cacheDir = options.featureCacheDir ?? defaultFeatureCacheDir();
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
  const workDir = await mkdtemp(path.join(options.tempDir ?? os.tmpdir(), "model-job-"));
  try {
    const runnerPath = await prepareModelFile(modelPath, format, expectation, { displayName: fileName, workDir });
    const features = await loadFeatureMatrix(
      { file: featuresFile, idColumn, featureColumns: expectation.featureColumns },
      cacheDir,
    );
    const outputPath = path.join(workDir, "outputs.f64");
    const run = await predictInSandbox(
      {
        format,
        modelPath: runnerPath,
        featuresPath: features.binaryPath,
        outputPath,
        rows: features.rows,
        featureCount: features.featureCount,
        batchRows: options.batchRows ?? defaultBatchRows,
        threads: options.threads ?? defaultThreads,
      },
      expectation.limits,
      { workDir, ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}) },
    );
    const { result } = run;
    const { layout } = checkModelInterface(result, [result.rows, result.width], features.rows, expectation, fileName);
    const bytes = await readFile(outputPath);
    const outputs = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / Float64Array.BYTES_PER_ELEMENT);
    logger.info(
      { challenge: bundle.slug, format, backend: result.backend, rows: result.rows, elapsedMs: run.elapsedMs,
        inferenceMs: result.inferenceMs, peakRssMb: run.peakRssMb },
      "model job ran",
    );
    const columns = outputColumns(outputs, result.width, layout, expectation.predictionColumns);
    try {
      const predictions = model.ranking
        ? rankByProbability(
            model.ranking,
            bundle.definition.submission!.columns,
            features.ids,
            columns[rankingOutputColumn]!,
            fileName,
          )
        : columns;
      return await scorePredictions(
        bundle,
        { ids: features.ids, columns: predictions },
        { ...options, displayName: fileName },
      );
    } catch (error) {
      if (error instanceof SubmissionError && error.reason === "out_of_range") {
        // Raw scores (logits) instead of probabilities are a common cause.
        throw new ModelSubmissionError(
          "output_out_of_range",
          `${error.message}. If the model outputs raw scores, end it with a sigmoid (one output) or a softmax (several) so that it outputs probabilities.`,
          { cause: error },
        );
      }
      throw error;
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
