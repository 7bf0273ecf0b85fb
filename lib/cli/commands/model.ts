import { parseArgs } from "node:util";

import { BundleError } from "../../challenge/errors";
import { loadBundle } from "../../challenge/load";
import { SandboxError } from "../../models/errors";
import { checkModelUpload, scoreModelSubmission } from "../../models/score";
import { SubmissionError } from "../../reader/errors";

export const summary = "Check a model (ONNX or TF.js zip) or score it on a challenge";

const help = `Usage: arena model --challenge <bundle-folder> --model <file> [options]

Runs a model submission the way the server does: in a separate process with
the challenge's time and memory limits and no network access. By default it
runs the model on the challenge's test features and prints the score as
JSON, like \`arena score\`. With --check-only it only checks the model
(size, format, opset, input and output shapes, a trial run) and prints what
it found.

Options:
  --challenge <folder>   the challenge bundle folder (with challenge.yaml)
  --model <file>         an .onnx file, or a .zip of a TensorFlow.js model
                         (model.json and its weight files)
  --check-only           check the model without scoring it
  --compact              print the JSON on one line
  -h, --help             show this help

Exit status: 0 checked or scored, 2 invalid model or arguments (the message
says what was expected), 1 any other failure, such as a broken bundle or a
model runner that could not start.`;

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        challenge: { type: "string" },
        model: { type: "string" },
        "check-only": { type: "boolean", default: false },
        compact: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    console.error(`arena model: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.help) {
    console.log(help);
    return 0;
  }
  if (!values.challenge || !values.model) {
    console.error(`arena model: --challenge and --model are required\n\n${help}`);
    return 2;
  }

  const fileName = values.model.split(/[\\/]/).pop() ?? values.model;
  try {
    const bundle = loadBundle(values.challenge);
    const result = values["check-only"]
      ? await checkModelUpload(bundle, values.model, fileName)
      : await scoreModelSubmission(bundle, values.model, fileName);
    console.log(JSON.stringify(result, null, values.compact ? undefined : 2));
    return 0;
  } catch (error) {
    if (error instanceof SubmissionError) {
      console.error(`arena model: invalid model: ${error.message}`);
      return 2;
    }
    if (error instanceof BundleError || error instanceof SandboxError) {
      console.error(`arena model: ${error.message}`);
      return 1;
    }
    const errno = error as NodeJS.ErrnoException;
    if (errno?.code === "ENOENT") {
      console.error(`arena model: file not found: ${errno.path ?? values.model}`);
      return 2;
    }
    throw error;
  }
}
