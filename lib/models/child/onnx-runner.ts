import ort from "onnxruntime-node";

import type { TensorInfo } from "../protocol";
import { describeRuntimeError, ModelFault, type LoadedModel } from "./loaded-model";

/** onnxruntime's severity levels: 3 logs errors only, not warnings. */
const errorsOnly = 3;

function describeValue(metadata: ort.InferenceSession.ValueMetadata): TensorInfo {
  if (!metadata.isTensor) {
    return { name: metadata.name, isTensor: false, type: "non-tensor", shape: null };
  }
  return {
    name: metadata.name,
    isTensor: true,
    type: metadata.type,
    shape: metadata.shape.map((size) => (typeof size === "number" && size < 0 ? null : size)),
  };
}

/**
 * Opens an ONNX model with onnxruntime-node on the CPU. `threads` sets the
 * intra-op thread pool; the graph runs sequentially with all optimisations.
 */
export async function openOnnxModel(modelPath: string, threads: number): Promise<LoadedModel> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, {
      executionProviders: ["cpu"],
      graphOptimizationLevel: "all",
      executionMode: "sequential",
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      logSeverityLevel: errorsOnly,
    });
  } catch (error) {
    throw new ModelFault(
      "invalid_model",
      `onnxruntime could not load the model: ${describeRuntimeError(error)}`,
    );
  }
  const inputName = session.inputNames[0] ?? "";
  return {
    backend: `onnxruntime-node ${ort.env.versions.common} (cpu)`,
    inputs: session.inputMetadata.map(describeValue),
    outputs: session.outputMetadata.map(describeValue),
    async run(features, rows, featureCount, output) {
      const input = new ort.Tensor("float32", features, [rows, featureCount]);
      let results: ort.InferenceSession.ReturnType;
      try {
        results = await session.run({ [inputName]: input }, [output]);
      } catch (error) {
        throw new ModelFault(
          "invalid_model",
          `the model failed while running: ${describeRuntimeError(error)}`,
        );
      }
      const tensor = results[output];
      if (!tensor || !(tensor.data instanceof Float32Array || tensor.data instanceof Float64Array)) {
        throw new ModelFault(
          "output_mismatch",
          `output "${output}" is not a float32 or float64 tensor`,
        );
      }
      return { data: tensor.data, shape: [...tensor.dims] };
    },
    async dispose() {
      await session.release();
    },
  };
}
