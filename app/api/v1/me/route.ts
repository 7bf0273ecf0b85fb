import { jsonResponse, methodNotAllowed, route } from "@/lib/api/respond";
import { getCaller } from "@/lib/auth/caller";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Returns the authenticated user, so a client can check its token. */
export const GET = route(async (request) => {
  const { user, via } = await getCaller(request);

  return jsonResponse({
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    via,
  });
});

// Other methods get a JSON 405 error, where Next would send an empty 405.
const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
