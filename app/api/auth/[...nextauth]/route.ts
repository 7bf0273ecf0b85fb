import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

interface NextAuthContext {
  params: Promise<{ nextauth: string[] }>;
}

// next-auth 4 detects the App Router by the second argument's `params`.
async function handler(request: NextRequest, context: NextAuthContext) {
  const options = await getAuthOptions();
  return NextAuth(request as never, context as never, options) as Promise<Response>;
}

export { handler as GET, handler as POST };
