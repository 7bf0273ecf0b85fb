import { loadChallenge, slugParamsSchema } from "@/lib/api/access";
import { parseParams } from "@/lib/api/parse";
import { jsonResponse, route } from "@/lib/api/respond";
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
