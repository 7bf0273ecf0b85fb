import { getSessionUser } from "@/lib/auth/session";
import { logger } from "@/lib/log";
import { getChallengeBySlug } from "@/lib/server/challenges";
import {
  canViewPrivate,
  getLeaderboard,
  toCsv,
} from "@/lib/server/leaderboard";

function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/**
 * Downloads a leaderboard as JSON or CSV (`?format=json|csv`, default
 * json; `?board=public|private`, default public) for the signed-in
 * browser. The private board follows the same rule as the page: staff at
 * any time, everyone else once the challenge has closed.
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ slug: string }> },
): Promise<Response> {
  const { slug } = await params;
  const query = new URL(request.url).searchParams;
  const format = query.get("format") ?? "json";
  const board = query.get("board") ?? "public";
  if (format !== "json" && format !== "csv") {
    return errorResponse(400, "bad_request:format", `Unknown format ${format}; use json or csv.`);
  }
  if (board !== "public" && board !== "private") {
    return errorResponse(400, "bad_request:board", `Unknown board ${board}; use public or private.`);
  }

  const challenge = await getChallengeBySlug(slug);
  if (!challenge) {
    return errorResponse(404, "not_found:challenge", `No challenge has the slug ${slug}.`);
  }
  const user = await getSessionUser();
  if (board === "private" && !canViewPrivate(user, challenge)) {
    logger.info({ slug, userId: user?.id }, "private leaderboard download rejected");
    return errorResponse(
      403,
      "forbidden:private_leaderboard",
      "The private leaderboard opens when the challenge closes.",
    );
  }

  const leaderboard = await getLeaderboard(challenge, board, { viewerId: user?.id });
  const name = `${challenge.slug}-${board}-leaderboard.${format}`;
  const headers = {
    "Content-Disposition": `attachment; filename="${name}"`,
    "Cache-Control": "no-store",
  };
  if (format === "csv") {
    return new Response(toCsv(leaderboard), {
      headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" },
    });
  }
  // The viewer's own failed submissions stay on the page, not in a file
  // that is meant to be shared.
  const { ownFailedChecks: _own, ...shared } = leaderboard;
  return Response.json(shared, { headers });
}
