import { jsonResponse, methodNotAllowed, route } from "@/lib/api/respond";
import { getCaller } from "@/lib/auth/caller";
import { assertStaff } from "@/lib/auth/roles";
import { logger } from "@/lib/log";
import { syncBundles } from "@/lib/server/challenges";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Staff: loads the challenge bundles from ARENA_CHALLENGES_DIR again.
 * Invalid bundles are listed in `failed`; the others still load.
 */
export const POST = route(async (request) => {
  const { user } = await getCaller(request);

  assertStaff(user);

  const result = await syncBundles();
  logger.info(
    { userId: user.id, loaded: result.loaded.length, failed: result.failed.length },
    "staff reloaded the challenge bundles",
  );

  return jsonResponse(result);
});

// Other methods get a JSON 405 error, where Next would send an empty 405.
const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
