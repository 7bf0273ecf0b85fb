import { loadChallenge, slugParamsSchema } from "@/lib/api/access";
import { parseParams } from "@/lib/api/parse";
import { jsonResponse, methodNotAllowed, route } from "@/lib/api/respond";
import { acceptSubmissionUpload } from "@/lib/api/submission-upload";
import { submissionToJson } from "@/lib/api/views";
import { getCaller } from "@/lib/auth/caller";
import { listSubmissionsForUser, remainingToday } from "@/lib/server/submissions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Lists the caller's own submissions in the challenge, newest first. */
export const GET = route<{ slug: string }>(async (request, context) => {
  const { slug } = await parseParams(slugParamsSchema, context.params);

  const { user } = await getCaller(request);

  const challenge = await loadChallenge(slug);
  const rows = await listSubmissionsForUser(user.id, challenge.id);
  const quota = await remainingToday(user.id, challenge);

  const now = new Date();
  return jsonResponse({
    submissions: rows.map((row) => submissionToJson(row, challenge, user, now)),
    quota: {
      limit: quota.limit,
      used: quota.used,
      remaining: quota.remaining,
      resetsAt: quota.resetsAt.toISOString(),
    },
  });
});

/**
 * Uploads a submission as multipart/form-data: the file in the field
 * `file`, with optional `description` and `kind`. Responds 201 with the
 * queued submission at once. Poll GET /api/v1/submissions/{id} for the score.
 */
export const POST = route<{ slug: string }>(async (request, context) => {
  const { slug } = await parseParams(slugParamsSchema, context.params);

  const { user } = await getCaller(request);

  const challenge = await loadChallenge(slug);

  const submission = await acceptSubmissionUpload(request, user, challenge);

  const response = jsonResponse(
    { submission: submissionToJson(submission, challenge, user) },
    201,
  );
  response.headers.set("location", `/api/v1/submissions/${submission.id}`);
  return response;
});

// Other methods get a JSON 405 error, where Next would send an empty 405.
const notAllowed = methodNotAllowed<{ slug: string }>(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
