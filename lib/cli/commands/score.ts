import { parseArgs } from "node:util";

import { BundleError } from "../../challenge/errors";
import { loadBundle } from "../../challenge/load";
import { SubmissionError } from "../../reader/errors";
import { scoreSubmission } from "../../scoring/score";

export const summary = "Score a submission file against a challenge bundle";

const help = `Usage: arena score --challenge <bundle-folder> --submission <file> [options]

Scores a prediction file (.csv or .csv.gz) or a parameter file (.json or a
one-row .csv) with the challenge's metric and checks, and prints the result
as JSON: publicScore, privateScore, checks, passedChecks, rowCount, and the
ROC curve of the public rows for ROC metrics.

Options:
  --challenge <folder>   the challenge bundle folder (with challenge.yaml)
  --submission <file>    the file to score
  --roc-points <n>       maximum points of the ROC curve; 0 leaves it out
                         (default 200)
  --compact              print the JSON on one line
  -h, --help             show this help

Exit status: 0 scored, 2 invalid submission or arguments (the message says
which line and column), 1 any other failure, such as a broken bundle or
data that have not been generated yet.`;

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        challenge: { type: "string" },
        submission: { type: "string" },
        "roc-points": { type: "string" },
        compact: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    console.error(`arena score: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.help) {
    console.log(help);
    return 0;
  }
  if (!values.challenge || !values.submission) {
    console.error(`arena score: --challenge and --submission are required\n\n${help}`);
    return 2;
  }
  const rocPoints = values["roc-points"] === undefined ? 200 : Number(values["roc-points"]);
  if (!Number.isInteger(rocPoints) || rocPoints < 0 || rocPoints === 1) {
    console.error(`arena score: --roc-points must be 0 or an integer of at least 2, got "${values["roc-points"]}"`);
    return 2;
  }

  try {
    const bundle = loadBundle(values.challenge);
    const result = await scoreSubmission(bundle, values.submission, { maxRocPoints: rocPoints });
    console.log(JSON.stringify(result, null, values.compact ? undefined : 2));
    return 0;
  } catch (error) {
    if (error instanceof SubmissionError) {
      console.error(`arena score: invalid submission: ${error.message}`);
      return 2;
    }
    if (error instanceof BundleError) {
      console.error(`arena score: ${error.message}`);
      return 1;
    }
    if (isMissingFile(error)) {
      console.error(`arena score: file not found: ${error.path}`);
      return 2;
    }
    throw error;
  }
}

function isMissingFile(error: unknown): error is NodeJS.ErrnoException & { path: string } {
  const errno = error as NodeJS.ErrnoException;
  return errno?.code === "ENOENT" && typeof errno.path === "string";
}
