// TensorFlow.js models with known weights, saved as the zip a participant
// uploads: model.json plus one binary weights file.
import * as tf from "@tensorflow/tfjs";

import type { DenseLayer } from "./reference-models.ts";
import { buildZip, type ZipEntrySpec } from "./zip-writer.ts";

const weightsFile = "group1-shard1of1.bin";

function joinWeightData(data: ArrayBuffer | ArrayBuffer[] | undefined): Buffer {
  if (!data) return Buffer.alloc(0);
  const parts = Array.isArray(data) ? data : [data];
  return Buffer.concat(parts.map((part) => Buffer.from(part)));
}

/**
 * Saves a Layers model (dense layers, ReLU between them, `head` on the
 * last) through `tf.io.withSaveHandler` and returns model.json and the
 * weights as zip entries.
 */
export async function layersModelFiles(
  layers: DenseLayer[],
  head: "sigmoid" | "softmax",
): Promise<ZipEntrySpec[]> {
  await tf.setBackend("cpu");
  const model = tf.sequential();
  layers.forEach((layer, index) => {
    model.add(
      tf.layers.dense({
        units: layer.outputs,
        activation: index + 1 < layers.length ? "relu" : head,
        ...(index === 0 ? { inputShape: [layer.inputs] } : {}),
      }),
    );
  });
  model.setWeights(
    layers.flatMap((layer) => [
      tf.tensor2d(layer.weights, [layer.inputs, layer.outputs]),
      tf.tensor1d(layer.bias),
    ]),
  );
  let files: ZipEntrySpec[] = [];
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const modelJson = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs }],
      };
      files = [
        { name: "model.json", data: JSON.stringify(modelJson) },
        { name: weightsFile, data: joinWeightData(artifacts.weightData) },
      ];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  model.dispose();
  return files;
}

/** Zips a Layers model (see `layersModelFiles`). */
export async function layersModelZip(
  layers: DenseLayer[],
  head: "sigmoid" | "softmax",
): Promise<Buffer> {
  return buildZip(await layersModelFiles(layers, head));
}

/**
 * Writes a logistic regression as a TF.js graph model by hand: a GraphDef
 * in JSON (Placeholder, Const, MatMul, AddV2, Sigmoid), in the graph-model
 * format that tensorflowjs_converter writes.
 */
export function logisticGraphModelZip(layer: DenseLayer): Buffer {
  const floatType = { type: "DT_FLOAT" };
  const dims = (sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
  const constant = (name: string, sizes: number[]) => ({
    name,
    op: "Const",
    attr: {
      dtype: floatType,
      value: { tensor: { dtype: "DT_FLOAT", tensorShape: dims(sizes) } },
    },
  });
  const modelJson = {
    format: "graph-model",
    generatedBy: "collider-arena-tests",
    convertedBy: "collider-arena-tests",
    modelTopology: {
      node: [
        {
          name: "features",
          op: "Placeholder",
          attr: { dtype: floatType, shape: { shape: dims([-1, layer.inputs]) } },
        },
        constant("weights", [layer.inputs, 1]),
        constant("bias", [1]),
        {
          name: "logit",
          op: "MatMul",
          input: ["features", "weights"],
          attr: { T: floatType, transpose_a: { b: false }, transpose_b: { b: false } },
        },
        { name: "shifted", op: "AddV2", input: ["logit", "bias"], attr: { T: floatType } },
        { name: "probability", op: "Sigmoid", input: ["shifted"], attr: { T: floatType } },
      ],
      versions: { producer: 1 },
    },
    weightsManifest: [
      {
        paths: [weightsFile],
        weights: [
          { name: "weights", shape: [layer.inputs, 1], dtype: "float32" },
          { name: "bias", shape: [1], dtype: "float32" },
        ],
      },
    ],
  };
  const weights = Buffer.concat([Buffer.from(layer.weights.buffer), Buffer.from(layer.bias.buffer)]);
  return buildZip([
    { name: "model.json", data: JSON.stringify(modelJson) },
    { name: weightsFile, data: weights },
  ]);
}
