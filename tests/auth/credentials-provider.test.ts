import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";
import type { CredentialsConfig } from "next-auth/providers/credentials";

import { signInAttempts } from "@/db/schema";
import { buildAuthOptions } from "@/lib/auth/options";
import { createUser } from "@/lib/server/users";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/db";

const dataDir = mkdtempSync(path.join(tmpdir(), "arena-provider-"));
process.env.ARENA_DATA_DIR = dataDir;

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

type Authorize = CredentialsConfig["authorize"];

/** Calls the Credentials provider's authorize as next-auth does. */
function signIn(authorize: Authorize, email: string, password: string, address: string) {
  return authorize(
    { email, password },
    { headers: { "x-forwarded-for": `${address}, 10.0.0.1` }, method: "POST", body: {}, query: {} },
  );
}

for (const kind of databaseKinds) {
  describe(`credentials provider on ${kind}`, () => {
    let database: TestDatabase;
    let authorize: Authorize;

    before(async () => {
      database = await createTestDatabase(kind);
      await createUser({ email: "provider@example.edu", password: "the right password", role: "staff" });
      const options = await buildAuthOptions();
      // next-auth merges `options` into the provider when it handles a
      // request, so the configured authorize is found there.
      const provider = options.providers.find((entry) => entry.id === "credentials") as
        | { options: Pick<CredentialsConfig, "authorize"> }
        | undefined;
      assert.ok(provider);
      authorize = provider.options.authorize;
    });

    after(async () => {
      await database.close();
    });

    test("right password returns the user and role", async () => {
      const user = await signIn(authorize, "Provider@example.edu", "the right password", "203.0.113.1");
      assert.equal(user?.email, "provider@example.edu");
      assert.equal(user?.role, "staff");
    });

    test("empty fields return null", async () => {
      assert.equal(await signIn(authorize, "", "", "203.0.113.2"), null);
    });

    test("five failures lock with RateLimited", async () => {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const user = await signIn(authorize, "provider@example.edu", "a wrong password", "203.0.113.3");
        assert.equal(user, null);
      }
      await assert.rejects(
        async () => signIn(authorize, "provider@example.edu", "the right password", "203.0.113.4"),
        (error: unknown) => error instanceof Error && error.message === "RateLimited",
      );

      // The first x-forwarded-for entry is the address that was counted.
      const rows = await database.db
        .select()
        .from(signInAttempts)
        .where(eq(signInAttempts.key, "address:203.0.113.3"));
      assert.equal(rows[0]?.failures, 5);
    });
  });
}
