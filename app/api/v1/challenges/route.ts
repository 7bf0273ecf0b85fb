import { jsonResponse, methodNotAllowed, route } from "@/lib/api/respond";
import { challengeToJson } from "@/lib/api/views";
import { getCaller } from "@/lib/auth/caller";
import { listChallenges } from "@/lib/server/challenges";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Lists every challenge with its status, deadlines and limits. */
export const GET = route(async (request) => {
  await getCaller(request);

  const rows = await listChallenges();

  const now = new Date();
  return jsonResponse({ challenges: rows.map((row) => challengeToJson(row, now)) });
});

// Other methods get a JSON 405 error, where Next would send an empty 405.
const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
