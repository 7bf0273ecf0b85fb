import type { Submission } from "@/db/schema";
import type { Bundle } from "@/lib/challenge/bundle";
import { scoreModelSubmission } from "@/lib/models/score";
import { scoreSubmission } from "@/lib/scoring";
import type { ScoreResult } from "@/lib/scoring/types";
import { storedFilePath } from "@/lib/server/storage";

/**
 * Scores a stored submission file with the challenge's bundle: models run
 * in the model sandbox, prediction and parameter files go through the
 * submission reader. Faults of the file are SubmissionErrors.
 */
export async function scoreStoredFile(input: {
  bundle: Bundle;
  submission: Submission;
}): Promise<ScoreResult> {
  const { bundle, submission } = input;
  const filePath = storedFilePath(submission.fileSha256);
  if (submission.kind === "model") {
    // The model format comes from the uploaded name's extension.
    return scoreModelSubmission(bundle, filePath, submission.fileName);
  }
  return scoreSubmission(bundle, filePath, { displayName: submission.fileName });
}
