import type { Submission } from "@/db/schema";
import type { Bundle } from "@/lib/challenge/bundle";
import { AppError } from "@/lib/errors";
import { scoreSubmission } from "@/lib/scoring";
import type { ScoreResult } from "@/lib/scoring/types";
import { storedFilePath } from "@/lib/server/storage";

/**
 * Scores a stored submission file with the challenge's bundle. Prediction
 * and parameter files go through the submission reader; errors in the
 * file are SubmissionErrors.
 */
export async function scoreStoredFile(input: {
  bundle: Bundle;
  submission: Submission;
}): Promise<ScoreResult> {
  const { bundle, submission } = input;
  const filePath = storedFilePath(submission.fileSha256);
  if (submission.kind === "model") {
    // TODO: run the model sandbox once lib/models exports its scoring entry point.
    throw new AppError(
      "unavailable:model_scoring",
      "Model submissions cannot be scored on this server yet.",
    );
  }
  return scoreSubmission(bundle, filePath, { displayName: submission.fileName });
}
