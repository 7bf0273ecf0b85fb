import type { DefaultSession } from "next-auth";

type Role = "student" | "staff";

declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string; role: Role };
  }

  interface User {
    role?: Role;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** Our users.id, which differs from `sub` for GitHub sign-ins. */
    userId?: string;
    role?: Role;
  }
}
