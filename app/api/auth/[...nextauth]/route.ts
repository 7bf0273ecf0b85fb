import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { MAX_SMALL_BODY_BYTES, readLimitedBody } from "@/lib/api/body";
import { getAuthOptions } from "@/lib/auth/options";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

interface NextAuthContext {
  params: Promise<{ nextauth: string[] }>;
}

/**
 * Returns the request with its body read under MAX_SMALL_BODY_BYTES, or a
 * 413 response. next-auth 4 reads the whole body into one string before it
 * checks anything, so an anonymous client could otherwise make the server
 * buffer a body of any size.
 */
async function limitBody(request: NextRequest): Promise<NextRequest | Response> {
  if (request.method !== "POST") return request;
  try {
    const body = await readLimitedBody(request, MAX_SMALL_BODY_BYTES);
    return new NextRequest(request.url, {
      method: request.method,
      headers: request.headers,
      body: body as BodyInit,
    });
  } catch (error) {
    if (error instanceof AppError) {
      logger.warn({ path: new URL(request.url).pathname, code: error.code }, "auth request body rejected");
      return Response.json(error.toJSON(), { status: error.status });
    }
    throw error;
  }
}

// next-auth 4 detects the App Router by the second argument's `params`.
async function handler(request: NextRequest, context: NextAuthContext) {
  const limited = await limitBody(request);
  if (limited instanceof Response) return limited;
  const options = await getAuthOptions();
  return NextAuth(limited as never, context as never, options) as Promise<Response>;
}

export { handler as GET, handler as POST };
