import { loadChallenge, slugParamsSchema } from "@/lib/api/access";
import { parseParams } from "@/lib/api/parse";
import { jsonResponse, methodNotAllowed, route } from "@/lib/api/respond";
import { challengeToJson } from "@/lib/api/views";
import { getCaller } from "@/lib/auth/caller";
import { assertStaff } from "@/lib/auth/roles";
import { logger } from "@/lib/log";
import { closeChallengeEarly } from "@/lib/server/challenges";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Staff: closes the challenge now; a closed challenge stays as it is. */
export const POST = route<{ slug: string }>(async (request, context) => {
  const { slug } = await parseParams(slugParamsSchema, context.params);

  const { user } = await getCaller(request);

  const challenge = await loadChallenge(slug);

  assertStaff(user);

  const closed = await closeChallengeEarly(challenge.id);
  logger.info({ slug, userId: user.id }, "staff closed a challenge");

  return jsonResponse({ challenge: challengeToJson(closed) });
});

// Other methods get a JSON 405 error, where Next would send an empty 405.
const notAllowed = methodNotAllowed<{ slug: string }>(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
