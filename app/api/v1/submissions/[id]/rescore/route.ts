import { idParamsSchema, loadVisibleSubmission } from "@/lib/api/access";
import { parseParams } from "@/lib/api/parse";
import { jsonResponse, methodNotAllowed, route } from "@/lib/api/respond";
import { submissionToJson } from "@/lib/api/views";
import { getCaller } from "@/lib/auth/caller";
import { assertStaff } from "@/lib/auth/roles";
import { rescoreSubmission } from "@/lib/server/submissions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Staff: clears a submission's scores and queues it again. */
export const POST = route<{ id: string }>(async (request, context) => {
  const { id } = await parseParams(idParamsSchema, context.params);

  const caller = await getCaller(request);

  // Loaded first so that a student gets the same 404 for another
  // participant's submission as on GET, and 403 only for their own.
  const { challenge } = await loadVisibleSubmission(id, caller);

  assertStaff(caller.user);

  const submission = await rescoreSubmission(id);

  return jsonResponse({
    submission: submissionToJson(submission, challenge, caller.user),
  });
});

// Other methods get a JSON 405 error, where Next would send an empty 405.
const notAllowed = methodNotAllowed<{ id: string }>(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
