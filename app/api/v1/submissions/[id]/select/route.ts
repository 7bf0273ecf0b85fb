import { z } from "zod";
import { idParamsSchema, loadVisibleSubmission } from "@/lib/api/access";
import { parseJsonBody, parseParams } from "@/lib/api/parse";
import { jsonResponse, methodNotAllowed, route } from "@/lib/api/respond";
import { submissionToJson } from "@/lib/api/views";
import { getCaller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import {
  finalSelectionLimit,
  getTeamForUser,
  listSubmissionsForTeam,
  selectFinalSubmissions,
} from "@/lib/server/submissions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const bodySchema = z.object({
  /** True adds the submission to the final selection, false removes it. */
  selected: z.boolean().default(true),
});

/**
 * Adds a submission to its team's final selection for the private
 * leaderboard, or removes it with `{ "selected": false }`. Returns the
 * team's selected submissions.
 */
export const POST = route<{ id: string }>(async (request, context) => {
  const { id } = await parseParams(idParamsSchema, context.params);

  // Authenticated first, so an anonymous body is never read.
  const caller = await getCaller(request);

  const { selected } = await parseJsonBody(bodySchema, request);

  const { submission, challenge } = await loadVisibleSubmission(id, caller);
  if (submission.teamId === null) {
    throw new AppError("bad_request:final_selection", "A benchmark row cannot be selected.");
  }
  // Staff pass loadVisibleSubmission for any submission, but only the
  // team itself chooses its final submissions.
  const team = await getTeamForUser(caller.user.id, challenge.id);
  if (team?.id !== submission.teamId) {
    throw new AppError(
      "forbidden:final_selection",
      "Only the team that made a submission can select it as final.",
    );
  }

  const teamRows = await listSubmissionsForTeam(submission.teamId);
  const current = teamRows.filter((row) => row.selectedFinal).map((row) => row.id);
  const next = selected
    ? [...new Set([...current, id])]
    : current.filter((rowId) => rowId !== id);
  // One route call adds one submission, so the generic "at most N; N + 1
  // were given" message of selectFinalSubmissions would puzzle the caller.
  const limit = finalSelectionLimit(challenge);
  if (next.length > limit && next.length > current.length) {
    throw new AppError(
      "bad_request:final_selection",
      `Your team already has ${limit} final submissions, the maximum for "${challenge.slug}". ` +
        `Remove one first by posting {"selected": false} to its /select route.`,
    );
  }

  const chosen = await selectFinalSubmissions(caller.user.id, challenge, next);

  const now = new Date();
  return jsonResponse({
    selected: chosen.map((row) => submissionToJson(row, challenge, caller.user, now)),
  });
});

// Other methods get a JSON 405 error, where Next would send an empty 405.
const notAllowed = methodNotAllowed<{ id: string }>(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
