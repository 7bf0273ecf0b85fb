/**
 * The scoring pipeline's entry points. The hidden answer key is read only
 * inside this folder.
 */
export { scoreParameters, scorePredictions, scoreSubmission } from "./score";
export { loadAnswerKey, type AnswerKey } from "./answer-key";
export type { CheckResult, InMemoryPredictions, RocCurvePoints, ScoreOptions, ScoreResult } from "./types";
export { checkSubmissionHeader } from "../reader/predictions";
export { SubmissionError } from "../reader/errors";
export { BundleError, BundleDataMissingError } from "../challenge/errors";
export { loadBundle, loadBundles } from "../challenge/load";
