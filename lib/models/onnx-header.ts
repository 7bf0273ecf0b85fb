// Reads an ONNX ModelProto straight from the protobuf wire format, so an
// upload can be checked before any runtime loads it. Field numbers are
// those of onnx.proto (checked against the file shipped with ONNX 1.12).

export interface OnnxHeader {
  irVersion: number;
  /** Operator set version per domain; "" is the default ai.onnx domain. */
  opsets: Map<string, number>;
  hasGraph: boolean;
  /**
   * The name of the first tensor whose data lives in an external file
   * (TensorProto.data_location EXTERNAL or external_data set), or null.
   */
  externalTensor: string | null;
}

const textDecoder = new TextDecoder("utf-8", { fatal: true });

class WireError extends Error {}

/** Iterates the fields of one protobuf message in bytes[start, end). */
function* readFields(bytes: Uint8Array, start: number, end: number) {
  let position = start;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (position >= end) throw new WireError("truncated varint");
      const byte = bytes[position++]!;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new WireError("varint longer than 10 bytes");
  };
  while (position < end) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (wireType === 0) {
      yield { field, wireType, value: varint(), start: 0, end: 0 };
    } else if (wireType === 2) {
      const length = varint();
      if (position + length > end) throw new WireError("field runs past the end");
      yield { field, wireType, value: 0, start: position, end: position + length };
      position += length;
    } else if (wireType === 1 || wireType === 5) {
      position += wireType === 1 ? 8 : 4;
      if (position > end) throw new WireError("field runs past the end");
    } else {
      throw new WireError(`unsupported wire type ${wireType}`);
    }
  }
}

type MessageKind =
  | "model"
  | "trainingInfo"
  | "function"
  | "graph"
  | "node"
  | "attribute"
  | "sparseTensor"
  | "tensor";

/** The sub-message fields that can lead to a TensorProto, per message. */
const tensorPaths: Record<MessageKind, Record<number, MessageKind>> = {
  model: { 7: "graph", 20: "trainingInfo", 25: "function" },
  trainingInfo: { 1: "graph", 2: "graph" },
  function: { 7: "node" },
  graph: { 1: "node", 5: "tensor", 15: "sparseTensor" },
  node: { 5: "attribute" },
  attribute: { 5: "tensor", 6: "graph", 10: "tensor", 11: "graph", 22: "sparseTensor", 23: "sparseTensor" },
  sparseTensor: { 1: "tensor", 2: "tensor" },
  tensor: {},
};

/** Nesting deeper than this is rejected; protobuf's own default limit is 100. */
const maxDepth = 100;
const tensorNameField = 8;
const externalDataField = 13;
const dataLocationField = 14;
const externalLocation = 1;

/**
 * Walks every TensorProto reachable from a message (initializers, Constant
 * attributes, subgraphs of If and Loop, functions, training graphs) and
 * returns the name of the first one stored outside the model file.
 */
function findExternalTensor(
  bytes: Uint8Array,
  kind: MessageKind,
  start: number,
  end: number,
  depth: number,
): string | null {
  if (depth > maxDepth) throw new WireError("messages nested too deeply");
  if (kind === "tensor") {
    let name = "";
    let external = false;
    for (const field of readFields(bytes, start, end)) {
      if (field.field === tensorNameField && field.wireType === 2) {
        name = textDecoder.decode(bytes.subarray(field.start, field.end));
      }
      if (field.field === externalDataField && field.wireType === 2) external = true;
      if (field.field === dataLocationField && field.value === externalLocation) external = true;
    }
    return external ? name || "(unnamed)" : null;
  }
  for (const field of readFields(bytes, start, end)) {
    const child = tensorPaths[kind][field.field];
    if (child && field.wireType === 2) {
      const found = findExternalTensor(bytes, child, field.start, field.end, depth + 1);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * Parses the header of an ONNX model and looks for tensors stored in
 * external files. Returns null when the bytes are not a protobuf message
 * with an ONNX graph.
 */
export function readOnnxHeader(bytes: Uint8Array): OnnxHeader | null {
  const header: OnnxHeader = {
    irVersion: 0,
    opsets: new Map(),
    hasGraph: false,
    externalTensor: null,
  };
  try {
    for (const field of readFields(bytes, 0, bytes.length)) {
      if (field.field === 1 && field.wireType === 0) header.irVersion = field.value;
      if (field.field === 7 && field.wireType === 2) header.hasGraph = true;
      if (field.field === 8 && field.wireType === 2) {
        let domain = "";
        let version = 0;
        for (const inner of readFields(bytes, field.start, field.end)) {
          if (inner.field === 1 && inner.wireType === 2) {
            domain = textDecoder.decode(bytes.subarray(inner.start, inner.end));
          }
          if (inner.field === 2 && inner.wireType === 0) version = inner.value;
        }
        header.opsets.set(domain === "ai.onnx" ? "" : domain, version);
      }
    }
    header.externalTensor = findExternalTensor(bytes, "model", 0, bytes.length, 0);
  } catch {
    return null;
  }
  return header.hasGraph && header.irVersion > 0 ? header : null;
}
