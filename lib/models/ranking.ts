import type { ModelRanking, PredictionColumn } from "../challenge/definition";
import { SubmissionError } from "../reader/errors";

/**
 * Turns one signal probability per row into the rank and class columns of
 * a `model.ranking` rule. Ranks run from 1 (lowest probability) to n
 * (highest), ties in ascending id order: numeric ids by value, text ids by
 * UTF-16 code units. A row whose probability is at least the threshold
 * gets the signal class's number, any other row the background class's.
 * Returns both columns aligned with `ids`, ranks as numbers and classes as
 * the numbers the category column maps them to.
 *
 * Throws a SubmissionError naming the row and id for a probability that is
 * not finite or lies outside [0, 1]. Takes O(n log n) time.
 *
 * Example: probabilities [0.9, 0.2, 0.9] for ids [3, 1, 2] with threshold
 * 0.5 give ranks [3, 1, 2] and classes [s, b, s].
 */
export function rankByProbability(
  ranking: ModelRanking,
  columns: readonly PredictionColumn[],
  ids: Float64Array | readonly string[],
  probabilities: ArrayLike<number>,
  source = "model output",
): Record<string, Float64Array> {
  const count = probabilities.length;
  if (ids.length !== count) {
    throw new Error(`rankByProbability: ${ids.length} ids for ${count} probabilities`);
  }
  const { signal, background } = classNumbers(ranking, columns);
  checkProbabilities(probabilities, ids, source);

  const order = new Uint32Array(count);
  for (let row = 0; row < count; row++) order[row] = row;
  order.sort((a, b) => probabilities[a]! - probabilities[b]! || compareIds(ids, a, b));

  const ranks = new Float64Array(count);
  order.forEach((row, position) => {
    ranks[row] = position + 1;
  });
  const classes = new Float64Array(count);
  for (let row = 0; row < count; row++) {
    classes[row] = probabilities[row]! >= ranking.threshold ? signal : background;
  }
  return { [ranking.rank_column]: ranks, [ranking.class_column]: classes };
}

function compareIds(ids: Float64Array | readonly string[], a: number, b: number): number {
  const left = ids[a]!;
  const right = ids[b]!;
  if (typeof left === "number" && typeof right === "number") return left - right;
  if (left < right) return -1;
  return left > right ? 1 : 0;
}

/**
 * Finds the numbers that the category column maps the two classes to.
 * checkDefinition rejects a bundle where they are missing, so a failure
 * here is a programming error.
 */
function classNumbers(
  ranking: ModelRanking,
  columns: readonly PredictionColumn[],
): { signal: number; background: number } {
  const column = columns.find((candidate) => candidate.name === ranking.class_column);
  if (column?.type !== "category") {
    throw new Error(`class_column "${ranking.class_column}" is not a category column of the submission`);
  }
  const signal = column.values[ranking.signal_class];
  const background = column.values[ranking.background_class];
  if (signal === undefined || background === undefined) {
    throw new Error(
      `"${ranking.signal_class}" and "${ranking.background_class}" must both be values of column "${column.name}"`,
    );
  }
  return { signal, background };
}

function checkProbabilities(
  probabilities: ArrayLike<number>,
  ids: Float64Array | readonly string[],
  source: string,
): void {
  for (let row = 0; row < probabilities.length; row++) {
    const value = probabilities[row]!;
    if (Number.isFinite(value) && value >= 0 && value <= 1) continue;
    const reason = Number.isFinite(value) ? "out_of_range" : "not_finite";
    const problem = reason === "out_of_range" ? "is outside [0, 1]" : "is not a finite number";
    throw new SubmissionError(
      reason,
      `row ${row + 1} (id ${String(ids[row])}): the signal probability ${value} ${problem}`,
      { file: source },
    );
  }
}
