// Valid ONNX models that break the run limits: each passes the upload
// checks on a few trial rows and then misbehaves on a real batch.
import { buildOnnxModel } from "./onnx-builder.ts";

/**
 * Tiles the input `repeats` times along the feature axis, then sums each
 * row: a `[batch, featureCount * repeats]` float32 intermediate, so memory
 * grows with the batch (4 * rows * featureCount * repeats bytes).
 */
export function memoryHogOnnx(featureCount: number, repeats: number): Uint8Array {
  return buildOnnxModel({
    opset: 17,
    inputs: [{ name: "features", shape: ["batch", featureCount] }],
    outputs: [{ name: "probability", shape: ["batch", 1] }],
    initializers: [
      { name: "repeats", dims: [2], values: [1, repeats], type: "int64" },
      { name: "axes", dims: [1], values: [1], type: "int64" },
    ],
    nodes: [
      { op: "Tile", inputs: ["features", "repeats"], outputs: ["wide"] },
      {
        op: "ReduceSum",
        inputs: ["wide", "axes"],
        outputs: ["sum"],
        attributes: { keepdims: { int: 1 } },
      },
      { op: "Sigmoid", inputs: ["sum"], outputs: ["probability"] },
    ],
  });
}

/**
 * Widens the input to `width` columns and multiplies it by a width x width
 * matrix `steps` times: about 2 * rows * width^2 * steps floating-point
 * operations, so the run time grows with the batch.
 */
export function slowOnnx(featureCount: number, width: number, steps: number): Uint8Array {
  const nodes = [
    { op: "Tile", inputs: ["features", "repeats"], outputs: ["h0"] },
  ];
  for (let step = 0; step < steps; step++) {
    nodes.push({ op: "MatMul", inputs: [`h${step}`, "w"], outputs: [`h${step + 1}`] });
  }
  nodes.push(
    { op: "ReduceSum", inputs: [`h${steps}`, "axes"], outputs: ["sum"] },
    { op: "Sigmoid", inputs: ["sum"], outputs: ["probability"] },
  );
  return buildOnnxModel({
    opset: 17,
    inputs: [{ name: "features", shape: ["batch", featureCount] }],
    outputs: [{ name: "probability", shape: ["batch", 1] }],
    initializers: [
      { name: "repeats", dims: [2], values: [1, width / featureCount], type: "int64" },
      { name: "axes", dims: [1], values: [1], type: "int64" },
      { name: "w", dims: [width, width], values: new Float32Array(width * width).fill(1 / width) },
    ],
    nodes,
  });
}
