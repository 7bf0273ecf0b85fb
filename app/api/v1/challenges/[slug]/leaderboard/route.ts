import { z } from "zod";
import { loadChallenge, slugParamsSchema } from "@/lib/api/access";
import { parseParams, parseQuery } from "@/lib/api/parse";
import { jsonResponse, methodNotAllowed, route } from "@/lib/api/respond";
import { getCaller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { canViewPrivate, getLeaderboard, toCsv } from "@/lib/server/leaderboard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const querySchema = z.object({
  board: z.enum(["public", "private"]).default("public"),
  format: z.enum(["json", "csv"]).default("json"),
});

/**
 * Returns the public leaderboard, or with `?board=private` the private one
 * (staff at any time, others after the close), as JSON or `?format=csv`.
 */
export const GET = route<{ slug: string }>(async (request, context) => {
  const { slug } = await parseParams(slugParamsSchema, context.params);
  const { board, format } = parseQuery(querySchema, request);

  const { user } = await getCaller(request);

  const challenge = await loadChallenge(slug);

  if (board === "private" && !canViewPrivate(user, challenge)) {
    throw new AppError(
      "forbidden:private_leaderboard",
      `The private leaderboard of "${slug}" is hidden until the challenge closes.`,
    );
  }

  const leaderboard = await getLeaderboard(challenge, board, { viewerId: user.id });
  if (format === "csv") {
    return new Response(toCsv(leaderboard), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${slug}-${board}-leaderboard.csv"`,
        "cache-control": "no-store",
      },
    });
  }
  return jsonResponse({ leaderboard });
});

// Other methods get a JSON 405 error, where Next would send an empty 405.
const notAllowed = methodNotAllowed<{ slug: string }>(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
