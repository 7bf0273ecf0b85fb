import { route } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Every more specific route under /api/v1 takes precedence over this one,
// so it only receives unknown paths, which get a JSON 404 like the rest of
// the API instead of the HTML error page.
const notFound = route<{ path: string[] }>(async (request) => {
  const { pathname } = new URL(request.url);
  throw new AppError(
    "not_found:route",
    `No API route matches ${request.method} ${pathname}. Check the path and the method.`,
  );
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
