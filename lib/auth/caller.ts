import { decode } from "next-auth/jwt";
import { unauthorizedError } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { getConfig } from "@/lib/server/config";
import { getAuthSecret } from "@/lib/server/secret";
import { authenticateToken } from "@/lib/server/tokens";
import { getUserById, type PublicUser } from "@/lib/server/users";

/** The authenticated user of an API request and how it authenticated. */
export interface Caller {
  user: PublicUser;
  via: "token" | "session";
}

// next-auth 4 names the cookie with the __Secure- prefix on https sites and
// splits a value over 4 KB into `.0`, `.1`, ... chunks.
const SESSION_COOKIE_NAMES = [
  "__Secure-next-auth.session-token",
  "next-auth.session-token",
];

function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator < 0) continue;
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

function readSessionCookie(cookies: Map<string, string>): string | undefined {
  for (const name of SESSION_COOKIE_NAMES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: string[] = [];
    for (let index = 0; cookies.has(`${name}.${index}`); index += 1) {
      chunks.push(cookies.get(`${name}.${index}`) ?? "");
    }
    if (chunks.length > 0) return chunks.join("");
  }
  return undefined;
}

async function userFromSessionCookie(
  request: Request,
): Promise<PublicUser | undefined> {
  const sessionToken = readSessionCookie(
    parseCookies(request.headers.get("cookie")),
  );
  if (!sessionToken) return undefined;

  let payload: Awaited<ReturnType<typeof decode>>;
  try {
    payload = await decode({ token: sessionToken, secret: await getAuthSecret() });
  } catch {
    // An expired, tampered or foreign cookie is treated as no session.
    return undefined;
  }
  const userId = payload?.userId;
  if (typeof userId !== "string") return undefined;
  return getUserById(userId);
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * Lists the hosts of this site: the request's Host and
 * X-Forwarded-Host, and the host of NEXTAUTH_URL for proxies that rewrite
 * both.
 */
function allowedHosts(request: Request): Set<string> {
  const hosts = new Set<string>();
  for (const name of ["host", "x-forwarded-host"]) {
    const value = request.headers.get(name);
    if (value) hosts.add(value);
  }
  const configured = hostOf(getConfig().NEXTAUTH_URL);
  if (configured) hosts.add(configured);
  return hosts;
}

/**
 * Rejects a cookie-authenticated request that changes state from another
 * site. The session cookie is SameSite=Lax, which already keeps it off
 * cross-site POSTs in current browsers, and this check covers older ones.
 */
function assertSameOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("origin");
  if (!origin) return;
  if (!allowedHosts(request).has(hostOf(origin) ?? "")) {
    throw new AppError(
      "forbidden:cross_site",
      "Cross-site requests with a session cookie are not accepted. Use an API token.",
    );
  }
}

/**
 * Authenticates an API request by `Authorization: Bearer <token>` or, when
 * that header is absent, by the next-auth session cookie (the pages' upload
 * form uses the cookie). Throws `unauthorized:sign_in_required` for neither
 * and `unauthorized:invalid_token` for a wrong, revoked or malformed token.
 */
export async function getCaller(request: Request): Promise<Caller> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const result = match?.[1] ? await authenticateToken(match[1]) : undefined;
    if (!result) {
      throw new AppError(
        "unauthorized:invalid_token",
        "The API token is invalid or revoked. Create a new one on your account page.",
      );
    }
    return { user: result.user, via: "token" };
  }

  const user = await userFromSessionCookie(request);
  if (!user) throw unauthorizedError();
  assertSameOrigin(request);
  return { user, via: "session" };
}

/** Authenticates like getCaller but returns undefined for no credentials. */
export async function getOptionalCaller(
  request: Request,
): Promise<Caller | undefined> {
  const hasCredentials =
    request.headers.has("authorization") || request.headers.has("cookie");
  if (!hasCredentials) return undefined;
  try {
    return await getCaller(request);
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthorized:sign_in_required") {
      return undefined;
    }
    throw error;
  }
}
