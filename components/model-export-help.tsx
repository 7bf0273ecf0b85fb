import type { ModelFormat } from "@/lib/challenge/definition";

interface ModelExportHelpProps {
  model: ModelFormat;
  /** The prediction columns the model's output fills, in order. */
  outputColumns: string[];
}

function Snippet({ title, code }: { title: string; code: string }) {
  return (
    <details className="rounded-md border border-slate-200 bg-slate-50">
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800">
        {title}
      </summary>
      <pre className="overflow-x-auto border-t border-slate-200 px-3 py-2 text-xs leading-relaxed">
        <code>{code}</code>
      </pre>
    </details>
  );
}

/** Describes a challenge's model contract, with export code for three libraries. */
export function ModelExportHelp({ model, outputColumns }: ModelExportHelpProps) {
  const width = model.feature_columns.length;
  const classes = outputColumns.length;
  const output =
    model.ranking || classes === 1
      ? "one signal probability per row: [batch, 1], [batch] or two-class [batch, 2] (column 1 is the signal)"
      : `${classes} class probabilities per row, [batch, ${classes}], in the order ${outputColumns.join(", ")} (train with the labels 0 to ${classes - 1} in that order)`;
  const features = `FEATURES = [${model.feature_columns.map((name) => `"${name}"`).join(", ")}]`;
  const sklearn = `import numpy as np
from skl2onnx import to_onnx

${features}
X = train[FEATURES].to_numpy(dtype=np.float32)
model.fit(X, y)
onx = to_onnx(model, X[:1], target_opset=17,
              options={id(model): {"zipmap": False}})
open("model.onnx", "wb").write(onx.SerializeToString())`;
  const xgboost = `# Train on a NumPy array so the features are named f0, f1, ...
from onnxmltools import convert_xgboost
from onnxmltools.convert.common.data_types import FloatTensorType

onx = convert_xgboost(model, target_opset=15,
                      initial_types=[("input", FloatTensorType([None, ${width}]))])
open("model.onnx", "wb").write(onx.SerializeToString())`;
  const keras = `# Option 1: ONNX
import tensorflow as tf, tf2onnx
spec = (tf.TensorSpec((None, ${width}), tf.float32, name="input"),)
tf2onnx.convert.from_keras(model, input_signature=spec, opset=17,
                           output_path="model.onnx")

# Option 2: TensorFlow.js (zip model.json with its .bin weight files)
import tensorflowjs as tfjs
tfjs.converters.save_keras_model(model, "tfjs_model")
# then: cd tfjs_model && zip ../model.zip model.json *.bin`;

  return (
    <section aria-labelledby="model-help-heading" className="space-y-2">
      <h3 id="model-help-heading" className="text-sm font-semibold text-slate-800">
        Submitting a model
      </h3>
      <p className="text-sm text-slate-600">
        The server runs the model on the hidden test features. Its input is
        one float32 tensor [batch, {width}] with the features in the order
        listed below; its output is {output}. End the network with a
        sigmoid or softmax so outputs are probabilities. A run may take{" "}
        {model.time_limit_s} s and {model.memory_mb} MiB, and the file may be
        up to {model.max_size_mb} MB.
      </p>
      <Snippet title="scikit-learn (skl2onnx)" code={sklearn} />
      <Snippet title="XGBoost (onnxmltools)" code={xgboost} />
      <Snippet title="Keras (tf2onnx or TensorFlow.js)" code={keras} />
    </section>
  );
}
