import type { Bundle } from "../challenge/bundle";
import type { InMemoryPredictions } from "../scoring/types";
import { SubmissionError, type SubmissionErrorReason } from "./errors";
import type { IdIndex } from "./id-index";
import type { PredictionTable } from "./predictions";

/**
 * Joins predictions made in memory (a model's output) to the answer key
 * with the same rules as a file: every id of the key exactly once, finite
 * values within range, ranks a permutation, categories among the mapped
 * numbers. Errors name the 1-based output row and its id, with `source` as
 * the file name, e.g. "model output".
 */
export function joinMemoryPredictions(
  bundle: Bundle,
  index: IdIndex,
  predictions: InMemoryPredictions,
  source = "model output",
): PredictionTable {
  const submission = bundle.definition.submission;
  if (!submission) throw new Error(`challenge "${bundle.slug}" accepts no predictions`);
  const count = predictions.ids.length;
  const fail = (reason: SubmissionErrorReason, message: string, row?: number, columnName?: string): never => {
    const where = row === undefined ? "" : `row ${row + 1} (id ${String(predictions.ids[row])}): `;
    throw new SubmissionError(reason, `${where}${message}`, { file: source, columnName });
  };

  const rows = new Int32Array(count);
  const seen = new Int32Array(index.size);
  for (let row = 0; row < count; row++) {
    const keyRow = index.find(predictions.ids[row]!);
    if (keyRow < 0) fail("unknown_id", "the id is not an id of the test set", row);
    if (seen[keyRow] !== 0) fail("duplicate_id", `the id appears again (first on row ${seen[keyRow]})`, row);
    seen[keyRow] = row + 1;
    rows[row] = keyRow;
  }
  if (count !== index.size) {
    fail("missing_ids", `${index.size - count} of the ${index.size} ids of the test set have no prediction`);
  }

  const columns = new Map<string, Float64Array>();
  for (const spec of submission.columns) {
    const values = predictions.columns[spec.name];
    if (values === undefined) fail("invalid_header", `missing the prediction column "${spec.name}"`);
    if (values!.length !== count) {
      fail("column_count", `column "${spec.name}" has ${values!.length} values for ${count} ids`);
    }
    const joined = new Float64Array(index.size);
    const allowed = spec.type === "category" ? new Set(Object.values(spec.values)) : undefined;
    const ranks = spec.type === "rank" ? new Uint8Array(count + 1) : undefined;
    for (let row = 0; row < count; row++) {
      const value = values![row]!;
      if (!Number.isFinite(value)) fail("not_finite", `${value} is not a finite number`, row, spec.name);
      if (spec.type === "number") {
        if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
          fail("out_of_range", `${value} is outside [${spec.min ?? "-inf"}, ${spec.max ?? "inf"}]`, row, spec.name);
        }
      } else if (allowed && !allowed.has(value)) {
        fail("invalid_value", `${value} is not one of ${[...allowed].join(", ")}`, row, spec.name);
      } else if (ranks) {
        if (!Number.isInteger(value) || value < 1 || value > count || ranks[value] === 1) {
          fail("invalid_rank", `${value} is not an unused integer rank from 1 to ${count}`, row, spec.name);
        }
        ranks[value] = 1;
      }
      joined[rows[row]!] = value;
    }
    columns.set(spec.name, joined);
  }
  return { rowCount: count, columns };
}
