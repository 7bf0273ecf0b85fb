// Writes small ONNX models from plain descriptions, so tests and benchmarks
// can build models with known weights. The message layout is a subset of
// onnx.proto (ONNX 1.x), with the field numbers of that file.
import protobuf from "protobufjs";

const onnxSubset = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: "int64", id: 1 },
            producerName: { type: "string", id: 2 },
            graph: { type: "GraphProto", id: 7 },
            opsetImport: {
              rule: "repeated",
              type: "OperatorSetIdProto",
              id: 8,
            },
          },
        },
        OperatorSetIdProto: {
          fields: {
            domain: { type: "string", id: 1 },
            version: { type: "int64", id: 2 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: "repeated", type: "NodeProto", id: 1 },
            name: { type: "string", id: 2 },
            initializer: { rule: "repeated", type: "TensorProto", id: 5 },
            input: { rule: "repeated", type: "ValueInfoProto", id: 11 },
            output: { rule: "repeated", type: "ValueInfoProto", id: 12 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: "repeated", type: "string", id: 1 },
            output: { rule: "repeated", type: "string", id: 2 },
            name: { type: "string", id: 3 },
            opType: { type: "string", id: 4 },
            attribute: { rule: "repeated", type: "AttributeProto", id: 5 },
            domain: { type: "string", id: 7 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: "string", id: 1 },
            f: { type: "float", id: 2 },
            i: { type: "int64", id: 3 },
            s: { type: "bytes", id: 4 },
            t: { type: "TensorProto", id: 5 },
            g: { type: "GraphProto", id: 6 },
            floats: { rule: "repeated", type: "float", id: 7 },
            ints: { rule: "repeated", type: "int64", id: 8 },
            strings: { rule: "repeated", type: "bytes", id: 9 },
            type: { type: "int32", id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: "repeated", type: "int64", id: 1 },
            dataType: { type: "int32", id: 2 },
            floatData: { rule: "repeated", type: "float", id: 4 },
            int64Data: { rule: "repeated", type: "int64", id: 7 },
            name: { type: "string", id: 8 },
            externalData: {
              rule: "repeated",
              type: "StringStringEntryProto",
              id: 13,
            },
            dataLocation: { type: "int32", id: 14 },
          },
        },
        StringStringEntryProto: {
          fields: {
            key: { type: "string", id: 1 },
            value: { type: "string", id: 2 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: "string", id: 1 },
            type: { type: "TypeProto", id: 2 },
          },
        },
        TypeProto: {
          fields: {
            tensorType: { type: "TensorType", id: 1 },
          },
          nested: {
            TensorType: {
              fields: {
                elemType: { type: "int32", id: 1 },
                shape: { type: "TensorShapeProto", id: 2 },
              },
            },
          },
        },
        TensorShapeProto: {
          fields: {
            dim: { rule: "repeated", type: "Dimension", id: 1 },
          },
          nested: {
            Dimension: {
              fields: {
                dimValue: { type: "int64", id: 1 },
                dimParam: { type: "string", id: 2 },
              },
            },
          },
        },
      },
    },
  },
};

const modelType = protobuf.Root.fromJSON(onnxSubset).lookupType(
  "onnx.ModelProto",
);

/** TensorProto.DataType codes from onnx.proto. */
const dataTypeCode = { float: 1, int64: 7, double: 11 } as const;
/** AttributeProto.AttributeType codes from onnx.proto. */
const attributeTypeCode = {
  float: 1,
  int: 2,
  string: 3,
  tensor: 4,
  graph: 5,
  floats: 6,
  ints: 7,
  strings: 8,
} as const;

export type ElementType = keyof typeof dataTypeCode;

export interface TensorSpec {
  name: string;
  dims: number[];
  values: ArrayLike<number>;
  type?: "float" | "int64";
  /** Marks the data as stored in this external file (data_location EXTERNAL). */
  externalFile?: string;
}

export interface ValueSpec {
  name: string;
  type?: ElementType;
  /** A number is a fixed size, a string a symbolic (dynamic) dimension. */
  shape: (number | string)[];
}

export type AttributeSpec =
  | { float: number }
  | { int: number }
  | { string: string }
  | { floats: number[] }
  | { ints: number[] }
  | { strings: string[] }
  | { tensor: TensorSpec }
  | { graph: GraphSpec };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  domain?: string;
  attributes?: Record<string, AttributeSpec>;
}

export interface GraphSpec {
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  nodes: NodeSpec[];
  initializers?: TensorSpec[];
}

export interface ModelSpec extends GraphSpec {
  opset?: number;
  /** Version of the ai.onnx.ml domain; omitted when the graph needs none. */
  mlOpset?: number;
  irVersion?: number;
}

function tensorMessage(tensor: TensorSpec): Message {
  const type = tensor.type ?? "float";
  const values = Array.from(tensor.values);
  if (tensor.externalFile !== undefined) {
    return {
      name: tensor.name,
      dims: tensor.dims,
      dataType: dataTypeCode[type],
      externalData: [{ key: "location", value: tensor.externalFile }],
      dataLocation: 1,
    };
  }
  return {
    name: tensor.name,
    dims: tensor.dims,
    dataType: dataTypeCode[type],
    ...(type === "float" ? { floatData: values } : { int64Data: values }),
  };
}

function valueMessage(value: ValueSpec) {
  return {
    name: value.name,
    type: {
      tensorType: {
        elemType: dataTypeCode[value.type ?? "float"],
        shape: {
          dim: value.shape.map((size) =>
            typeof size === "number" ? { dimValue: size } : { dimParam: size },
          ),
        },
      },
    },
  };
}

/** A plain object in the shape protobufjs `fromObject` reads. */
type Message = Record<string, unknown>;

function attributeMessage(name: string, spec: AttributeSpec): Message {
  const encoder = new TextEncoder();
  if ("float" in spec) {
    return { name, type: attributeTypeCode.float, f: spec.float };
  }
  if ("int" in spec) return { name, type: attributeTypeCode.int, i: spec.int };
  if ("string" in spec) {
    return { name, type: attributeTypeCode.string, s: encoder.encode(spec.string) };
  }
  if ("floats" in spec) {
    return { name, type: attributeTypeCode.floats, floats: spec.floats };
  }
  if ("ints" in spec) {
    return { name, type: attributeTypeCode.ints, ints: spec.ints };
  }
  if ("strings" in spec) {
    const strings = spec.strings.map((text) => encoder.encode(text));
    return { name, type: attributeTypeCode.strings, strings };
  }
  if ("tensor" in spec) {
    return { name, type: attributeTypeCode.tensor, t: tensorMessage(spec.tensor) };
  }
  return { name, type: attributeTypeCode.graph, g: graphMessage(spec.graph) };
}

function graphMessage(graph: GraphSpec): Message {
  return {
    name: "graph",
    input: graph.inputs.map(valueMessage),
    output: graph.outputs.map(valueMessage),
    initializer: (graph.initializers ?? []).map(tensorMessage),
    node: graph.nodes.map((node, index): Message => ({
      name: `${node.op}_${index}`,
      opType: node.op,
      domain: node.domain ?? "",
      input: node.inputs,
      output: node.outputs,
      attribute: Object.entries(node.attributes ?? {}).map(([name, spec]): Message =>
        attributeMessage(name, spec),
      ),
    })),
  };
}

/** Encodes a model description as ONNX protobuf bytes. */
export function buildOnnxModel(spec: ModelSpec): Uint8Array {
  const opsetImport = [{ domain: "", version: spec.opset ?? 17 }];
  if (spec.mlOpset !== undefined) {
    opsetImport.push({ domain: "ai.onnx.ml", version: spec.mlOpset });
  }
  const message = modelType.fromObject({
    irVersion: spec.irVersion ?? 8,
    producerName: "collider-arena-tests",
    opsetImport,
    graph: graphMessage(spec),
  });
  return modelType.encode(message).finish();
}
