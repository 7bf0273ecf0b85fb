import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import type * as tfTypes from "@tensorflow/tfjs";

import type { TensorInfo } from "../protocol";
import { describeRuntimeError, ModelFault, type LoadedModel } from "./loaded-model";

type Tf = typeof tfTypes;

/**
 * Loads TensorFlow.js on the fastest backend present: tfjs-node (native
 * TensorFlow) when the operator installed it, else WebAssembly, else the
 * plain JavaScript cpu backend. tfjs-node is never a dependency because it
 * downloads libtensorflow at install time. `preferred` skips the search.
 */
async function loadTensorFlow(preferred?: "wasm" | "cpu"): Promise<{ tf: Tf; backend: string }> {
  if (preferred === undefined) {
    const nativeModule = "@tensorflow/tfjs-node";
    try {
      const tf = (await import(nativeModule)) as Tf;
      return { tf, backend: "tfjs-node (tensorflow)" };
    } catch {
      // Not installed: fall through to wasm.
    }
  }
  const tf = await import("@tensorflow/tfjs");
  if (preferred !== "cpu" && (await useWasmBackend(tf))) {
    return { tf, backend: `tfjs ${tf.version.tfjs} (wasm)` };
  }
  await tf.setBackend("cpu");
  await tf.ready();
  return { tf, backend: `tfjs ${tf.version.tfjs} (cpu)` };
}

/** Switches to the wasm backend; false when its binary does not load. */
async function useWasmBackend(tf: Tf): Promise<boolean> {
  try {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const require = createRequire(import.meta.url);
    const distDir = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
    wasm.setWasmPaths(distDir + path.sep);
    if (!(await tf.setBackend("wasm"))) return false;
    await tf.ready();
    return true;
  } catch {
    return false;
  }
}

const modelJsonSchemaHint =
  'model.json must be a TensorFlow.js model: an object with "modelTopology" and "weightsManifest"';

interface WeightsGroup {
  paths: string[];
  weights: tfTypes.io.WeightsManifestEntry[];
}

/** Reads the weight files of the manifest, in order, as one buffer. */
async function readWeights(
  modelDir: string,
  manifest: WeightsGroup[],
): Promise<{ specs: tfTypes.io.WeightsManifestEntry[]; data: ArrayBuffer }> {
  const specs: tfTypes.io.WeightsManifestEntry[] = [];
  const parts: Buffer[] = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const relative of group.paths) {
      const file = path.resolve(modelDir, relative);
      if (!file.startsWith(modelDir + path.sep)) {
        throw new ModelFault(
          "invalid_model",
          `weights path "${relative}" in model.json points outside the zip`,
        );
      }
      try {
        parts.push(await readFile(file));
      } catch {
        throw new ModelFault(
          "invalid_model",
          `weights file "${relative}" named in model.json is missing from the zip`,
        );
      }
    }
  }
  const joined = Buffer.concat(parts);
  const data = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.length);
  return { specs, data: data as ArrayBuffer };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function readModelJson(modelDir: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path.join(modelDir, "model.json"), "utf8"));
  } catch (error) {
    throw new ModelFault("invalid_model", `model.json is not valid JSON: ${describeRuntimeError(error)}`);
  }
  if (!isObject(parsed) || !isObject(parsed.modelTopology) || !Array.isArray(parsed.weightsManifest)) {
    throw new ModelFault("invalid_model", modelJsonSchemaHint);
  }
  return parsed;
}

function describeShape(shape: readonly (number | null)[] | undefined): (number | null)[] | null {
  if (!shape) return null;
  return shape.map((size) => (size === null || size < 0 ? null : size));
}

/**
 * Opens a TensorFlow.js Layers or Graph model from an extracted zip
 * folder. There is no file:// loader without tfjs-node, so the files are
 * read here and handed over with `tf.io.fromMemory`.
 */
export async function openTfjsModel(
  modelDir: string,
  preferred?: "wasm" | "cpu",
): Promise<LoadedModel> {
  const { tf, backend } = await loadTensorFlow(preferred);
  const json = await readModelJson(modelDir);
  const topology = json.modelTopology as Record<string, unknown>;
  const isGraph = json.format === "graph-model" || Array.isArray(topology.node);
  const weights = await readWeights(modelDir, json.weightsManifest as WeightsGroup[]);
  const handler = tf.io.fromMemory({
    modelTopology: topology,
    weightSpecs: weights.specs,
    weightData: weights.data,
    format: typeof json.format === "string" ? json.format : undefined,
  });

  let model: tfTypes.LayersModel | tfTypes.GraphModel;
  try {
    model = isGraph
      ? await tf.loadGraphModel(handler)
      : await tf.loadLayersModel(handler, { strict: true });
  } catch (error) {
    throw new ModelFault(
      "invalid_model",
      `TensorFlow.js could not load the ${isGraph ? "graph" : "layers"} model: ${describeRuntimeError(error)}`,
    );
  }

  const describe = (
    name: string,
    dtype: string | undefined,
    shape: readonly (number | null)[] | undefined,
  ): TensorInfo => ({ name, isTensor: true, type: dtype ?? "float32", shape: describeShape(shape) });
  const inputs = model.inputs.map((input) => describe(input.name, input.dtype, input.shape));
  const outputs = model.outputs.map((output) => describe(output.name, output.dtype, output.shape));

  return {
    backend,
    inputs,
    outputs,
    async run(features, rows, featureCount, output) {
      const index = outputs.findIndex((candidate) => candidate.name === output);
      let result: tfTypes.Tensor;
      try {
        result = tf.tidy(() => {
          const batch = tf.tensor2d(features, [rows, featureCount], "float32");
          // predict's default batch of 32 rows is about 1000 times slower.
          const predicted =
            model instanceof tf.GraphModel
              ? model.predict(batch)
              : model.predict(batch, { batchSize: rows });
          const tensors = predicted instanceof tf.Tensor ? [predicted] : Object.values(predicted);
          const chosen = tensors[Math.max(index, 0)];
          if (!chosen) throw new ModelFault("output_mismatch", `the model has no output "${output}"`);
          return chosen;
        });
      } catch (error) {
        if (error instanceof ModelFault) throw error;
        throw new ModelFault(
          "invalid_model",
          `the model failed while running: ${describeRuntimeError(error)}`,
        );
      }
      const shape = [...result.shape];
      const data = await result.data<"float32">();
      result.dispose();
      return { data, shape };
    },
    async dispose() {
      model.dispose();
    },
  };
}
