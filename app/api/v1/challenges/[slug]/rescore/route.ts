import { loadChallenge, slugParamsSchema } from "@/lib/api/access";
import { parseParams } from "@/lib/api/parse";
import { jsonResponse, methodNotAllowed, route } from "@/lib/api/respond";
import { getCaller } from "@/lib/auth/caller";
import { assertStaff } from "@/lib/auth/roles";
import { logger } from "@/lib/log";
import { rescoreChallenge } from "@/lib/server/submissions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Staff: clears every score of the challenge and queues each submission. */
export const POST = route<{ slug: string }>(async (request, context) => {
  const { slug } = await parseParams(slugParamsSchema, context.params);

  const { user } = await getCaller(request);

  const challenge = await loadChallenge(slug);

  assertStaff(user);

  const queued = await rescoreChallenge(challenge.id);
  logger.info({ slug, userId: user.id, queued }, "staff queued a challenge for rescoring");

  return jsonResponse({ queued });
});

// Other methods get a JSON 405 error, where Next would send an empty 405.
const notAllowed = methodNotAllowed<{ slug: string }>(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
