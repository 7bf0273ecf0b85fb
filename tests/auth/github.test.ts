import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";

import { accounts } from "@/db/schema";
import { linkGitHubAccount } from "@/lib/auth/github";
import { buildAuthOptions } from "@/lib/auth/options";
import { AppError } from "@/lib/errors";
import { createUser } from "@/lib/server/users";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/db";

const dataDir = mkdtempSync(path.join(tmpdir(), "arena-github-"));
process.env.ARENA_DATA_DIR = dataDir;

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Lists the provider ids of the auth options in a fresh process with `env`. */
function providerIds(env: Record<string, string>): string[] {
  const script =
    'const { buildAuthOptions } = await import("./lib/auth/options.ts");' +
    "const options = await buildAuthOptions();" +
    "console.log(JSON.stringify(options.providers.map((provider) => provider.id)));";
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: {
      ...process.env,
      GITHUB_ID: "",
      GITHUB_SECRET: "",
      ...env,
      ARENA_DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
    },
    encoding: "utf8",
  });
  assert.equal(result.status, 0, result.stderr);
  const line = result.stdout.split("\n").find((text) => text.startsWith("["));
  return JSON.parse(line ?? "null") as string[];
}

describe("auth providers", () => {
  test("GitHub appears only with both variables", () => {
    assert.deepEqual(providerIds({}), ["credentials"]);
    assert.deepEqual(providerIds({ GITHUB_ID: "id-only" }), ["credentials"]);
    assert.deepEqual(providerIds({ GITHUB_ID: "an-id", GITHUB_SECRET: "a-secret" }), [
      "credentials",
      "github",
    ]);
  });

  test("options use JWT sessions and /signin", async () => {
    const options = await buildAuthOptions();
    assert.equal(options.session?.strategy, "jwt");
    assert.equal(options.pages?.signIn, "/signin");
    assert.equal(typeof options.secret, "string");
    assert.ok((options.secret ?? "").length >= 32);
  });
});

for (const kind of databaseKinds) {
  describe(`GitHub linking on ${kind}`, () => {
    let database: TestDatabase;

    before(async () => {
      database = await createTestDatabase(kind);
    });

    after(async () => {
      await database.close();
    });

    test("new GitHub user becomes a student", async () => {
      const user = await linkGitHubAccount({
        providerAccountId: "1001",
        email: "Octo@Example.edu",
        name: "Octo Cat",
      });
      assert.equal(user.email, "octo@example.edu");
      assert.equal(user.role, "student");
      assert.equal(user.name, "Octo Cat");

      const again = await linkGitHubAccount({
        providerAccountId: "1001",
        email: "changed-on-github@example.edu",
        name: "Renamed",
      });
      assert.equal(again.id, user.id);
    });

    test("GitHub links to the account with the same email", async () => {
      const existing = await createUser({
        email: "staffer@example.edu",
        password: "long enough password",
        role: "staff",
      });
      const linked = await linkGitHubAccount({
        providerAccountId: "2002",
        email: "staffer@example.edu",
        name: "Someone",
      });
      assert.equal(linked.id, existing.id);
      assert.equal(linked.role, "staff");
      const rows = await database.db.select().from(accounts).where(eq(accounts.userId, existing.id));
      assert.deepEqual(
        rows.map((row) => [row.provider, row.providerAccountId]),
        [["github", "2002"]],
      );
    });

    test("GitHub without an email is rejected", async () => {
      await assert.rejects(
        linkGitHubAccount({ providerAccountId: "3003", email: null, name: "No Mail" }),
        (error: unknown) => error instanceof AppError && error.code === "bad_request:github_email",
      );
    });

    test("jwt callback stores our user id", async () => {
      const options = await buildAuthOptions();
      const jwt = options.callbacks?.jwt;
      assert.ok(jwt);
      const token = await jwt({
        token: { sub: "4004" },
        user: { id: "4004", email: "jwt@example.edu", name: "JWT" },
        account: { provider: "github", providerAccountId: "4004", type: "oauth" },
      });
      const linked = await linkGitHubAccount({ providerAccountId: "4004", email: null, name: null });
      assert.equal(token.userId, linked.id);
      assert.equal(token.role, "student");
      assert.notEqual(token.userId, "4004");
    });
  });
}
