import { idParamsSchema, loadVisibleSubmission } from "@/lib/api/access";
import { parseParams } from "@/lib/api/parse";
import { jsonResponse, methodNotAllowed, route } from "@/lib/api/respond";
import { submissionToJson } from "@/lib/api/views";
import { getCaller } from "@/lib/auth/caller";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Returns a submission to its team or to staff; 404 for anyone else. */
export const GET = route<{ id: string }>(async (request, context) => {
  const { id } = await parseParams(idParamsSchema, context.params);

  const caller = await getCaller(request);

  const { submission, challenge } = await loadVisibleSubmission(id, caller);

  return jsonResponse({
    submission: submissionToJson(submission, challenge, caller.user),
  });
});

// Other methods get a JSON 405 error, where Next would send an empty 405.
const notAllowed = methodNotAllowed<{ id: string }>(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
