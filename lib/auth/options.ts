import type { NextAuthOptions } from "next-auth";
import CredentialsImport from "next-auth/providers/credentials";
import GitHubImport from "next-auth/providers/github";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { getConfig } from "@/lib/server/config";
import { getAuthSecret } from "@/lib/server/secret";
import {
  clientAddressFromHeaders,
  signInWithPassword,
} from "@/lib/auth/credentials";
import { linkGitHubAccount } from "@/lib/auth/github";

/**
 * Codes that next-auth puts in the `error` query parameter of the sign-in
 * page, with the message to show. `CredentialsSignin` is next-auth's own
 * code for an `authorize` that returned null.
 */
export const signInErrorMessages: Record<string, string> = {
  CredentialsSignin: "Invalid email or password.",
  RateLimited:
    "Too many failed sign-in attempts. Wait up to 15 minutes and try again.",
  GitHubEmail:
    "GitHub did not share an email address. Make one visible on GitHub, or sign up with email and password.",
  OAuthSignin: "Signing in with GitHub failed. Try again.",
  OAuthCallback: "Signing in with GitHub failed. Try again.",
  AccessDenied: "Sign-in was denied.",
};

const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * Returns the `default` export of a CommonJS module. Next's bundler
 * unwraps it, but Node's ESM loader (tsx in tests and the CLI) passes
 * `module.exports`, which contains it.
 */
function unwrapDefault<T>(imported: T): T {
  return (imported as { default?: T }).default ?? imported;
}

const CredentialsProvider = unwrapDefault(CredentialsImport);
const GitHubProvider = unwrapDefault(GitHubImport);

function buildProviders(): NextAuthOptions["providers"] {
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, request) {
        const email = credentials?.email ?? "";
        const password = credentials?.password ?? "";
        if (!email || !password) return null;
        try {
          const user = await signInWithPassword(
            email,
            password,
            clientAddressFromHeaders(request.headers),
          );
          return {
            id: user.id,
            email: user.email,
            name: user.name,
            role: user.role,
          };
        } catch (error) {
          if (error instanceof AppError && error.code === "rate_limited:sign_in") {
            // next-auth passes the thrown message on as the `error` code.
            throw new Error("RateLimited");
          }
          if (error instanceof AppError && error.kind === "unauthorized") {
            return null;
          }
          throw error;
        }
      },
    }),
  ];

  const config = getConfig();
  if (config.GITHUB_ID && config.GITHUB_SECRET) {
    providers.push(
      GitHubProvider({
        clientId: config.GITHUB_ID,
        clientSecret: config.GITHUB_SECRET,
      }),
    );
  }
  return providers;
}

/** Builds the next-auth options with the secret from `getAuthSecret()`. */
export async function buildAuthOptions(): Promise<NextAuthOptions> {
  const secret = await getAuthSecret();
  return {
    secret,
    providers: buildProviders(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    logger: {
      error: (code, metadata) => logger.error({ code, metadata }, "next-auth error"),
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => {},
    },
    callbacks: {
      async jwt({ token, user, account, profile }) {
        if (account?.provider === "github") {
          try {
            const linked = await linkGitHubAccount({
              providerAccountId: account.providerAccountId,
              email: user?.email ?? profile?.email,
              name: user?.name ?? profile?.name,
            });
            token.userId = linked.id;
            token.role = linked.role;
            token.email = linked.email;
            token.name = linked.name;
          } catch (error) {
            if (error instanceof AppError && error.code === "bad_request:github_email") {
              throw new Error("GitHubEmail");
            }
            throw error;
          }
        } else if (user) {
          token.userId = user.id;
          token.role = user.role ?? "student";
        }
        return token;
      },
      session({ session, token }) {
        if (token.userId && token.role) {
          session.user = {
            ...session.user,
            id: token.userId,
            role: token.role,
          };
        }
        return session;
      },
    },
  };
}

let cachedOptions: Promise<NextAuthOptions> | undefined;

/** Returns the next-auth options of this process, built on first use. */
export function getAuthOptions(): Promise<NextAuthOptions> {
  cachedOptions ??= buildAuthOptions().catch((error: unknown) => {
    cachedOptions = undefined;
    throw error;
  });
  return cachedOptions;
}
