// Small models with known weights, each as an ONNX description and as a
// plain JavaScript reference that computes the same output in float64.
import { buildOnnxModel, type ModelSpec } from "./onnx-builder.ts";

/** A seeded uniform generator on [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomMatrix(
  random: () => number,
  rows: number,
  columns: number,
  scale = 1,
): Float32Array {
  const values = new Float32Array(rows * columns);
  for (let i = 0; i < values.length; i++) {
    values[i] = (random() * 2 - 1) * scale;
  }
  return values;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** One dense layer: `weights` is inputs x outputs, row-major. */
export interface DenseLayer {
  inputs: number;
  outputs: number;
  weights: Float32Array;
  bias: Float32Array;
}

export function randomDenseLayers(
  sizes: number[],
  seed: number,
): DenseLayer[] {
  const random = seededRandom(seed);
  const layers: DenseLayer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const inputs = sizes[i]!;
    const outputs = sizes[i + 1]!;
    const scale = 1 / Math.sqrt(inputs);
    layers.push({
      inputs,
      outputs,
      weights: randomMatrix(random, inputs, outputs, scale),
      bias: randomMatrix(random, 1, outputs, 0.1),
    });
  }
  return layers;
}

/**
 * Builds a dense network: ReLU between layers, then `head` on the last
 * layer's outputs ("sigmoid" for one probability, "softmax" for classes).
 * A single layer with a sigmoid head is logistic regression.
 */
export function denseNetworkOnnx(
  layers: DenseLayer[],
  head: "sigmoid" | "softmax",
  options: { batch?: number | string; opset?: number } = {},
): Uint8Array {
  const first = layers[0]!;
  const last = layers[layers.length - 1]!;
  const batch = options.batch ?? "batch";
  const spec: ModelSpec = {
    opset: options.opset ?? 17,
    inputs: [{ name: "features", shape: [batch, first.inputs] }],
    outputs: [{ name: "probability", shape: [batch, last.outputs] }],
    nodes: [],
    initializers: [],
  };
  let current = "features";
  layers.forEach((layer, index) => {
    spec.initializers!.push(
      { name: `w${index}`, dims: [layer.inputs, layer.outputs], values: layer.weights },
      { name: `b${index}`, dims: [layer.outputs], values: layer.bias },
    );
    spec.nodes.push(
      { op: "MatMul", inputs: [current, `w${index}`], outputs: [`z${index}`] },
      { op: "Add", inputs: [`z${index}`, `b${index}`], outputs: [`a${index}`] },
    );
    current = `a${index}`;
    if (index + 1 < layers.length) {
      spec.nodes.push({ op: "Relu", inputs: [current], outputs: [`r${index}`] });
      current = `r${index}`;
    }
  });
  spec.nodes.push(
    head === "sigmoid"
      ? { op: "Sigmoid", inputs: [current], outputs: ["probability"] }
      : {
          op: "Softmax",
          inputs: [current],
          outputs: ["probability"],
          attributes: { axis: { int: 1 } },
        },
  );
  return buildOnnxModel(spec);
}

/** Computes the same network in float64, row by row: n x outputs values. */
export function denseNetworkReference(
  layers: DenseLayer[],
  head: "sigmoid" | "softmax",
  features: Float32Array,
  rows: number,
): Float64Array {
  const width = layers[layers.length - 1]!.outputs;
  const result = new Float64Array(rows * width);
  for (let row = 0; row < rows; row++) {
    let values = Array.from(
      features.subarray(row * layers[0]!.inputs, (row + 1) * layers[0]!.inputs),
    );
    layers.forEach((layer, index) => {
      const next: number[] = [];
      for (let j = 0; j < layer.outputs; j++) {
        let sum = layer.bias[j]!;
        for (let i = 0; i < layer.inputs; i++) {
          sum += values[i]! * layer.weights[i * layer.outputs + j]!;
        }
        next.push(index + 1 < layers.length ? Math.max(0, sum) : sum);
      }
      values = next;
    });
    if (head === "sigmoid") {
      values = values.map(sigmoid);
    } else {
      const max = Math.max(...values);
      const exps = values.map((value) => Math.exp(value - max));
      const total = exps.reduce((a, b) => a + b, 0);
      values = exps.map((value) => value / total);
    }
    result.set(values, row * width);
  }
  return result;
}

/** One regression tree in array form; leaves have feature -1. */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** Builds a full binary tree of the given depth with random splits. */
export function randomTree(
  random: () => number,
  depth: number,
  featureCount: number,
): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const grow = (level: number): number => {
    const id = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    if (level === depth) {
      tree.value[id] = (random() * 2 - 1) * 0.1;
      return id;
    }
    tree.feature[id] = Math.floor(random() * featureCount);
    tree.threshold[id] = Math.fround(random() * 2 - 1);
    tree.left[id] = grow(level + 1);
    tree.right[id] = grow(level + 1);
    return id;
  };
  grow(0);
  return tree;
}

/**
 * Builds a gradient-boosted ensemble: ai.onnx.ml TreeEnsembleRegressor sums
 * the leaf values and a base value, then a Sigmoid node gives the
 * probability. The regressor's own `post_transform: "LOGISTIC"` is not used
 * because onnxruntime 1.31 ignores it for a single target.
 */
export function treeEnsembleOnnx(
  trees: Tree[],
  baseValue: number,
  featureCount: number,
): Uint8Array {
  const nodes = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    modes: [] as string[],
    values: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[],
  };
  const targets = { treeIds: [] as number[], nodeIds: [] as number[], weights: [] as number[] };
  trees.forEach((tree, treeId) => {
    tree.feature.forEach((feature, nodeId) => {
      const leaf = feature < 0;
      nodes.treeIds.push(treeId);
      nodes.nodeIds.push(nodeId);
      nodes.featureIds.push(leaf ? 0 : feature);
      nodes.modes.push(leaf ? "LEAF" : "BRANCH_LEQ");
      nodes.values.push(leaf ? 0 : tree.threshold[nodeId]!);
      nodes.trueIds.push(leaf ? 0 : tree.left[nodeId]!);
      nodes.falseIds.push(leaf ? 0 : tree.right[nodeId]!);
      if (leaf) {
        targets.treeIds.push(treeId);
        targets.nodeIds.push(nodeId);
        targets.weights.push(tree.value[nodeId]!);
      }
    });
  });
  return buildOnnxModel({
    opset: 17,
    mlOpset: 3,
    inputs: [{ name: "features", shape: ["batch", featureCount] }],
    outputs: [{ name: "probability", shape: ["batch", 1] }],
    nodes: [
      {
        op: "TreeEnsembleRegressor",
        domain: "ai.onnx.ml",
        inputs: ["features"],
        outputs: ["margin"],
        attributes: {
          nodes_treeids: { ints: nodes.treeIds },
          nodes_nodeids: { ints: nodes.nodeIds },
          nodes_featureids: { ints: nodes.featureIds },
          nodes_modes: { strings: nodes.modes },
          nodes_values: { floats: nodes.values },
          nodes_truenodeids: { ints: nodes.trueIds },
          nodes_falsenodeids: { ints: nodes.falseIds },
          target_treeids: { ints: targets.treeIds },
          target_nodeids: { ints: targets.nodeIds },
          target_ids: { ints: targets.treeIds.map(() => 0) },
          target_weights: { floats: targets.weights },
          n_targets: { int: 1 },
          aggregate_function: { string: "SUM" },
          base_values: { floats: [baseValue] },
        },
      },
      { op: "Sigmoid", inputs: ["margin"], outputs: ["probability"] },
    ],
  });
}

/** Computes the ensemble's probability for each row in float64. */
export function treeEnsembleReference(
  trees: Tree[],
  baseValue: number,
  features: Float32Array,
  rows: number,
  featureCount: number,
): Float64Array {
  const result = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    let sum = Math.fround(baseValue);
    for (const tree of trees) {
      let node = 0;
      while (tree.feature[node]! >= 0) {
        const value = features[row * featureCount + tree.feature[node]!]!;
        node = value <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      }
      sum += Math.fround(tree.value[node]!);
    }
    result[row] = sigmoid(sum);
  }
  return result;
}
