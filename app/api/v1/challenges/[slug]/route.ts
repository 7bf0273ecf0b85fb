import { loadChallenge, slugParamsSchema } from "@/lib/api/access";
import { parseParams } from "@/lib/api/parse";
import { jsonResponse, methodNotAllowed, route } from "@/lib/api/respond";
import { challengeToJson } from "@/lib/api/views";
import { getCaller } from "@/lib/auth/caller";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Returns one challenge's public information. */
export const GET = route<{ slug: string }>(async (request, context) => {
  const { slug } = await parseParams(slugParamsSchema, context.params);

  await getCaller(request);

  const challenge = await loadChallenge(slug);

  return jsonResponse({ challenge: challengeToJson(challenge) });
});

// Other methods get a JSON 405 error, where Next would send an empty 405.
const notAllowed = methodNotAllowed<{ slug: string }>(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
