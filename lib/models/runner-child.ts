// Entry point of the model runner child process (see sandbox.ts). It reads
// one job file named on the command line, loads the model, runs it, and
// writes the result file. A problem with the model is reported in the
// result with exit status 0; any other exit is a crash.
import { readFile, writeFile } from "node:fs/promises";

import type { LoadedModel } from "./child/loaded-model.ts";
import { ModelFault } from "./child/loaded-model.ts";
import {
  readyLine,
  selectOutput,
  trialRows,
  type ChildJob,
  type ChildResult,
  type InspectJob,
  type PredictJob,
  type TensorInfo,
} from "./protocol.ts";

async function openModel(job: ChildJob): Promise<LoadedModel> {
  let open: (job: ChildJob) => Promise<LoadedModel>;
  try {
    if (job.format === "onnx") {
      const { openOnnxModel } = await import("./child/onnx-runner.ts");
      open = (current) => openOnnxModel(current.modelPath, current.threads);
    } else {
      const { openTfjsModel } = await import("./child/tfjs-runner.ts");
      open = (current) => openTfjsModel(current.modelPath, current.tfjsBackend);
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ModelFault("runtime_unavailable", `the ${job.format} runtime did not load: ${detail}`);
  }
  // The parent treats a failure before this line as the platform's fault.
  process.stdout.write(`${readyLine}\n`);
  return open(job);
}

/** Picks the output to read, or throws a fault that explains why none fits. */
function chooseOutput(outputs: TensorInfo[]): TensorInfo {
  const output = selectOutput(outputs);
  if (!output) {
    throw new ModelFault("output_mismatch", "the model has no outputs");
  }
  if (!output.isTensor) {
    throw new ModelFault(
      "output_mismatch",
      `output "${output.name}" is a sequence or map, not a tensor. Export scikit-learn classifiers with skl2onnx's options={"zipmap": False}`,
    );
  }
  return output;
}

/** Returns the fixed batch size of the input, or undefined when it is dynamic. */
function fixedBatchSize(input: TensorInfo | undefined): number | undefined {
  const first = input?.shape?.[0];
  return typeof first === "number" && first > 0 ? first : undefined;
}

/** True when the trial run can feed `featureCount` float32 columns. */
function acceptsFeatures(input: TensorInfo | undefined, featureCount: number): boolean {
  if (!input || input.type !== "float32" || input.shape?.length !== 2) return false;
  const width = input.shape[1];
  return typeof width !== "number" || width === featureCount;
}

async function inspect(job: InspectJob): Promise<ChildResult> {
  const model = await openModel(job);
  const output = chooseOutput(model.outputs);
  const input = model.inputs.length === 1 ? model.inputs[0] : undefined;
  let trialShape: number[] = [];
  if (acceptsFeatures(input, job.featureCount)) {
    const rows = fixedBatchSize(input) ?? trialRows;
    const zeros = new Float32Array(rows * job.featureCount);
    trialShape = (await model.run(zeros, rows, job.featureCount, output.name)).shape;
  }
  await model.dispose();
  return {
    ok: true,
    task: "inspect",
    backend: model.backend,
    inputs: model.inputs,
    outputs: model.outputs,
    output: output.name,
    trialShape,
  };
}

async function readFeatures(job: PredictJob): Promise<Float32Array> {
  const bytes = await readFile(job.featuresPath);
  const expected = job.rows * job.featureCount * Float32Array.BYTES_PER_ELEMENT;
  if (bytes.length !== expected) {
    throw new Error(`features file has ${bytes.length} bytes, expected ${expected}`);
  }
  if (bytes.byteOffset % Float32Array.BYTES_PER_ELEMENT === 0) {
    return new Float32Array(bytes.buffer, bytes.byteOffset, job.rows * job.featureCount);
  }
  return new Float32Array(new Uint8Array(bytes).buffer);
}

/** Checks the output of one batch and returns its width (columns per row). */
function batchWidth(shape: number[], rows: number, output: string): number {
  const valid =
    shape[0] === rows && (shape.length === 1 || (shape.length === 2 && (shape[1] ?? 0) > 0));
  if (!valid) {
    throw new ModelFault(
      "output_mismatch",
      `output "${output}" has shape [${shape.join(", ")}] for a batch of ${rows} rows, expected [${rows}] or [${rows}, k]`,
    );
  }
  return shape.length === 1 ? 1 : shape[1]!;
}

async function predict(job: PredictJob): Promise<ChildResult> {
  const features = await readFeatures(job);
  const started = performance.now();
  const model = await openModel(job);
  const output = chooseOutput(model.outputs);
  const input = model.inputs.length === 1 ? model.inputs[0] : undefined;
  if (!acceptsFeatures(input, job.featureCount)) {
    throw new ModelFault(
      "input_mismatch",
      `the model needs one float32 input of shape [batch, ${job.featureCount}]`,
    );
  }
  const fixedBatch = fixedBatchSize(input);
  const batchRows = fixedBatch ?? job.batchRows;
  const loaded = performance.now();

  let predictions: Float64Array | undefined;
  let width = 0;
  for (let start = 0; start < job.rows; start += batchRows) {
    const rows = Math.min(batchRows, job.rows - start);
    let batch = features.subarray(start * job.featureCount, (start + rows) * job.featureCount);
    if (fixedBatch !== undefined && rows < fixedBatch) {
      // Pads the last batch with zero rows, whose outputs are dropped.
      const padded = new Float32Array(fixedBatch * job.featureCount);
      padded.set(batch);
      batch = padded;
    }
    const runRows = fixedBatch ?? rows;
    const result = await model.run(batch, runRows, job.featureCount, output.name);
    const batchOutputWidth = batchWidth(result.shape, runRows, output.name);
    if (!predictions) {
      width = batchOutputWidth;
      predictions = new Float64Array(job.rows * width);
    } else if (batchOutputWidth !== width) {
      throw new ModelFault("output_mismatch", `output "${output.name}" changed width between batches`);
    }
    predictions.set(result.data.subarray(0, rows * width), start * width);
  }
  const finished = performance.now();
  await model.dispose();
  predictions ??= new Float64Array(0);
  await writeFile(job.outputPath, new Uint8Array(predictions.buffer));
  return {
    ok: true,
    task: "predict",
    backend: model.backend,
    inputs: model.inputs,
    outputs: model.outputs,
    output: output.name,
    width: Math.max(width, 1),
    rows: job.rows,
    loadMs: loaded - started,
    inferenceMs: finished - loaded,
  };
}

async function main(): Promise<void> {
  const jobPath = process.argv[2];
  if (!jobPath) throw new Error("usage: runner-child.ts <job.json>");
  const job = JSON.parse(await readFile(jobPath, "utf8")) as ChildJob;
  let result: ChildResult;
  try {
    result = job.task === "inspect" ? await inspect(job) : await predict(job);
  } catch (error) {
    if (error instanceof ModelFault) {
      result = { ok: false, reason: error.reason, message: error.message };
    } else {
      // Runtime errors while running the model are ModelFaults already.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      result = { ok: false, reason: "runner_error", message };
    }
  }
  await writeFile(job.resultPath, JSON.stringify(result));
}

await main();
