import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import { ModelSubmissionError } from "./errors";
import { readOnnxHeader } from "./onnx-header";
import { trialRows, type ModelFormat, type TensorInfo } from "./protocol";
import { inspectInSandbox, type SandboxLimits } from "./sandbox";
import { extractZip } from "./zip";

/** The requirements a challenge sets for a model, from its definition. */
export interface ModelExpectation {
  /** The ordered feature columns that form the input's second axis. */
  featureColumns: readonly string[];
  /**
   * The prediction columns the output fills. One column takes a `[batch]`,
   * `[batch, 1]` or two-class `[batch, 2]` output, whose column 1 is the
   * signal probability. k columns take a `[batch, k]` output in the same
   * order.
   */
  predictionColumns: readonly string[];
  maxSizeMb: number;
  limits: SandboxLimits;
}

/** The mapping from the output's columns to the prediction columns. */
export type OutputLayout = "single" | "signal_of_two" | "classes";

export interface ModelInspection {
  format: ModelFormat;
  backend: string;
  /** The file or folder the runner loads (an extracted folder for TF.js). */
  modelPath: string;
  input: TensorInfo;
  output: TensorInfo;
  outputWidth: number;
  layout: OutputLayout;
}

/**
 * Operator set versions onnxruntime-node 1.31.1 loads. It rejects ai.onnx
 * opsets above 26 and ai.onnx.ml above 5, and it lacks kernels for some
 * ai.onnx operators below opset 7 (Add, for one). The model tests check
 * opsets 26 and 27.
 */
export const supportedOpsets: Record<string, { min: number; max: number; label: string }> = {
  "": { min: 7, max: 26, label: "ai.onnx" },
  "ai.onnx.ml": { min: 1, max: 5, label: "ai.onnx.ml" },
  "com.microsoft": { min: 1, max: 1, label: "com.microsoft" },
};

function reject(
  reason: ConstructorParameters<typeof ModelSubmissionError>[0],
  file: string,
  message: string,
): ModelSubmissionError {
  return new ModelSubmissionError(reason, message, { file });
}

function formatShape(info: TensorInfo): string {
  if (!info.shape) return `${info.type} of unknown shape`;
  const sizes = info.shape.map((size) => (typeof size === "number" ? String(size) : (size ?? "?")));
  return `${info.type} [${sizes.join(", ")}]`;
}

async function checkOnnxFile(filePath: string, displayName: string): Promise<void> {
  const header = readOnnxHeader(await readFile(filePath));
  if (!header) {
    throw reject(
      "invalid_model",
      displayName,
      "The file is not an ONNX model (a protobuf ModelProto with a graph). Export the model with torch.onnx.export, skl2onnx, onnxmltools or tf2onnx and upload the .onnx file.",
    );
  }
  if (header.externalTensor !== null) {
    // onnxruntime 1.31 reads external data from any file under the model's
    // folder (it rejects only paths that leave it), such as other uploads.
    throw reject(
      "invalid_model",
      displayName,
      `The model keeps tensor "${header.externalTensor}" in an external data file. Upload one self-contained .onnx file: save it with onnx.save_model(model, path, save_as_external_data=False).`,
    );
  }
  for (const [domain, version] of header.opsets) {
    const supported = supportedOpsets[domain];
    if (!supported) {
      throw reject(
        "unsupported_opset",
        displayName,
        `The model uses operators from the domain "${domain}", which onnxruntime does not provide. Use only standard ONNX (ai.onnx and ai.onnx.ml) operators.`,
      );
    }
    if (version < supported.min || version > supported.max) {
      throw reject(
        "unsupported_opset",
        displayName,
        `The model uses ${supported.label} opset ${version}; the supported range is ${supported.min} to ${supported.max}. Export again with a target_opset in that range.`,
      );
    }
  }
}

const weightsManifestSchema = z.array(
  z.object({ paths: z.array(z.string().min(1)), weights: z.array(z.unknown()) }),
);

/**
 * Extracts a TF.js zip and returns the folder that contains model.json:
 * the zip's root, or its one folder when the participant zipped a folder.
 */
async function prepareTfjsFolder(
  filePath: string,
  displayName: string,
  workDir: string,
  maxSizeMb: number,
): Promise<string> {
  // Weights compress little, so four times the upload limit is generous.
  const limits = { maxEntries: 200, maxTotalBytes: maxSizeMb * 1024 * 1024 * 4, maxRatio: 100 };
  const extracted = await extractZip(filePath, { displayName, parentDir: workDir, limits });

  const jsonEntries = extracted.entries.filter(
    (entry) => !entry.directory && path.posix.basename(entry.name) === "model.json",
  );
  const atRoot = jsonEntries.find((entry) => !entry.name.includes("/"));
  const modelJson = atRoot ?? (jsonEntries.length === 1 ? jsonEntries[0] : undefined);
  if (!modelJson) {
    throw reject(
      "invalid_model",
      displayName,
      `The zip must contain one model.json (found ${jsonEntries.length}). Save the model with model.save("file://...") or tensorflowjs_converter and zip the folder's files.`,
    );
  }

  const modelDir = path.join(extracted.dir, path.posix.dirname(modelJson.name));
  await checkWeightsManifest(modelDir, displayName);
  return modelDir;
}

/** Checks that model.json lists its weight files and that each is present. */
async function checkWeightsManifest(modelDir: string, displayName: string): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path.join(modelDir, "model.json"), "utf8"));
  } catch {
    throw reject("invalid_model", displayName, "model.json in the zip is not valid JSON.");
  }
  const manifest = weightsManifestSchema.safeParse(
    (parsed as { weightsManifest?: unknown } | null)?.weightsManifest,
  );
  if (!manifest.success) {
    throw reject(
      "invalid_model",
      displayName,
      'model.json has no valid "weightsManifest" (a list of {paths, weights}), so it is not a TensorFlow.js model.',
    );
  }

  const present = new Set(await readdir(modelDir, { recursive: true }));
  for (const group of manifest.data) {
    for (const weightsPath of group.paths) {
      if (!present.has(path.posix.normalize(weightsPath))) {
        throw reject(
          "invalid_model",
          displayName,
          `model.json names the weights file "${weightsPath}", which is not in the zip next to model.json.`,
        );
      }
    }
  }
}

/** Checks the single float32 `[batch, n_features]` input. */
function checkInput(inputs: TensorInfo[], expectation: ModelExpectation, file: string): TensorInfo {
  const count = expectation.featureColumns.length;
  const wanted = `one float32 input of shape [batch, ${count}] (the ${count} feature columns in the challenge's order)`;
  const input = inputs[0];
  if (inputs.length !== 1 || !input) {
    const found = inputs.map((info) => `${info.name}: ${formatShape(info)}`).join("; ");
    throw reject("input_mismatch", file, `The model must have ${wanted}; found ${inputs.length} inputs (${found}).`);
  }
  const width = input.shape?.[1];
  const widthOk = typeof width !== "number" || width === count;
  if (input.type !== "float32" || input.shape?.length !== 2 || !widthOk) {
    throw reject("input_mismatch", file, `The model must have ${wanted}; found ${formatShape(input)}.`);
  }
  return input;
}

/**
 * Checks the output shape a run produced for `rows` rows against the
 * prediction columns, and returns how its columns map to them.
 */
function checkOutput(
  output: TensorInfo,
  shape: number[],
  rows: number,
  expectation: ModelExpectation,
  file: string,
): { width: number; layout: OutputLayout } {
  const columns = expectation.predictionColumns.length;
  const wanted =
    columns === 1
      ? "[batch], [batch, 1] or [batch, 2] (class 1 is the signal)"
      : `[batch, ${columns}] (probabilities of ${expectation.predictionColumns.join(", ")}, in that order)`;
  const rankOk = shape.length === 1 || shape.length === 2;
  const width = shape.length === 2 ? shape[1]! : 1;
  const widthOk = columns === 1 ? width === 1 || width === 2 : width === columns;
  if (output.type !== "float32" && output.type !== "float64") {
    throw reject("output_mismatch", file, `Output "${output.name}" must be float32 or float64 ${wanted}; found ${formatShape(output)}.`);
  }
  if (!rankOk || shape[0] !== rows || !widthOk) {
    throw reject(
      "output_mismatch",
      file,
      `Output "${output.name}" must have shape ${wanted}; for ${rows} rows it gave [${shape.join(", ")}].`,
    );
  }
  let layout: OutputLayout = "single";
  if (columns > 1) layout = "classes";
  else if (width === 2) layout = "signal_of_two";
  return { width, layout };
}

/**
 * Checks what a sandbox run reported (inputs, outputs, the chosen output
 * and its shape for `rows` rows) against the challenge's expectation.
 */
export function checkModelInterface(
  report: { inputs: TensorInfo[]; outputs: TensorInfo[]; output: string },
  shape: number[],
  rows: number,
  expectation: ModelExpectation,
  displayName: string,
): { input: TensorInfo; output: TensorInfo; outputWidth: number; layout: OutputLayout } {
  const input = checkInput(report.inputs, expectation, displayName);
  const output = report.outputs.find((candidate) => candidate.name === report.output);
  if (!output) throw reject("output_mismatch", displayName, "The model has no usable output.");
  const { width, layout } = checkOutput(output, shape, rows, expectation, displayName);
  return { input, output, outputWidth: width, layout };
}

/**
 * Checks the file's size and format before any runtime loads it, and
 * returns the path the runner loads: the .onnx file itself, or for TF.js
 * the folder with model.json, extracted (after the zip checks) under
 * `workDir`, which the caller removes.
 */
export async function prepareModelFile(
  filePath: string,
  format: ModelFormat,
  expectation: ModelExpectation,
  options: { displayName: string; workDir: string },
): Promise<string> {
  const { displayName } = options;
  const { size } = await stat(filePath);
  if (size > expectation.maxSizeMb * 1024 * 1024) {
    const sizeMb = (size / (1024 * 1024)).toFixed(1);
    throw reject("too_large", displayName, `The model is ${sizeMb} MiB, over the ${expectation.maxSizeMb} MiB limit.`);
  }
  if (format === "onnx") {
    await checkOnnxFile(filePath, displayName);
    return filePath;
  }
  return prepareTfjsFolder(filePath, displayName, options.workDir, expectation.maxSizeMb);
}

/**
 * Checks a model at upload: its size and format, then loads it in the
 * sandbox, which reports the inputs and outputs and runs a few zero rows.
 * Throws ModelSubmissionError with what was expected and what was found.
 */
export async function inspectModel(
  filePath: string,
  format: ModelFormat,
  expectation: ModelExpectation,
  options: { displayName?: string; workDir: string; threads?: number },
): Promise<ModelInspection> {
  const displayName = options.displayName ?? path.basename(filePath);
  const modelPath = await prepareModelFile(filePath, format, expectation, {
    displayName,
    workDir: options.workDir,
  });
  const { result } = await inspectInSandbox(
    {
      format,
      modelPath,
      threads: options.threads ?? 1,
      featureCount: expectation.featureColumns.length,
    },
    expectation.limits,
    { workDir: options.workDir },
  );
  const first = result.inputs[0]?.shape?.[0];
  const rows = result.inputs.length === 1 && typeof first === "number" && first > 0 ? first : trialRows;
  const checked = checkModelInterface(result, result.trialShape, rows, expectation, displayName);
  return { format, backend: result.backend, modelPath, ...checked };
}
