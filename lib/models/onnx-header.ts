// Reads the top-level fields of an ONNX ModelProto (onnx.proto: field 1
// ir_version, 7 graph, 8 opset_import with domain = 1 and version = 2)
// straight from the protobuf wire format, so an upload can be checked
// without loading it into a runtime.

export interface OnnxHeader {
  irVersion: number;
  /** Operator set version per domain; "" is the default ai.onnx domain. */
  opsets: Map<string, number>;
  hasGraph: boolean;
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

/**
 * Parses the header of an ONNX model. Returns null when the bytes are not
 * a protobuf message with an ONNX graph.
 */
export function readOnnxHeader(bytes: Uint8Array): OnnxHeader | null {
  const header: OnnxHeader = { irVersion: 0, opsets: new Map(), hasGraph: false };
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
  } catch {
    return null;
  }
  return header.hasGraph && header.irVersion > 0 ? header : null;
}
