import { z } from "zod";
import type { Challenge, Submission } from "@/db/schema";
import type { Caller } from "@/lib/auth/caller";
import { isStaff } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { getChallengeById, requireChallenge } from "@/lib/server/challenges";
import { getSubmissionById, getTeamForUser } from "@/lib/server/submissions";

/** Route parameters `{ slug }` of the challenge routes. */
export const slugParamsSchema = z.object({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: "expected a challenge slug: lower-case words joined by -",
  }),
});

/** Route parameters `{ id }` of the submission routes. */
export const idParamsSchema = z.object({
  id: z.uuid({ message: "expected a submission id (a UUID)" }),
});

/** Loads a challenge by slug; throws `not_found:challenge`. */
export function loadChallenge(slug: string): Promise<Challenge> {
  return requireChallenge({ slug });
}

function submissionNotFound(id: string): AppError {
  return new AppError("not_found:submission", `No submission ${id} exists.`);
}

/**
 * Loads a submission that the caller may see: one of their team's, or any
 * for staff. Others get `not_found:submission`, the same as for an unknown
 * id, so ids of other participants' submissions cannot be probed.
 */
export async function loadVisibleSubmission(
  id: string,
  caller: Caller,
): Promise<{ submission: Submission; challenge: Challenge }> {
  const submission = await getSubmissionById(id);
  if (!submission) throw submissionNotFound(id);

  if (!isStaff(caller.user)) {
    const team = await getTeamForUser(caller.user.id, submission.challengeId);
    const ownsIt =
      submission.teamId !== null && team !== undefined && team.id === submission.teamId;
    if (!ownsIt) throw submissionNotFound(id);
  }

  const challenge = await getChallengeById(submission.challengeId);
  if (!challenge) throw submissionNotFound(id);
  return { submission, challenge };
}
