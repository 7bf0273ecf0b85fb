import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { sql } from "drizzle-orm";

import { openDatabase, queryRows } from "@/db";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/db";

for (const kind of databaseKinds) {
  describe(`database on ${kind}`, () => {
    let database: TestDatabase;

    before(async () => {
      database = await createTestDatabase(kind);
    });

    after(async () => {
      await database.close();
    });

    test("migrations create every table", async () => {
      const rows = await database.handle.executeSql(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
        [],
      );
      const names = (Array.isArray(rows) ? rows.at(-1)?.rows ?? [] : rows.rows).map(
        (row) => row.table_name,
      );
      for (const table of [
        "accounts",
        "api_tokens",
        "challenges",
        "sign_in_attempts",
        "submissions",
        "team_members",
        "teams",
        "users",
      ]) {
        assert.ok(names.includes(table), `table ${table} is missing`);
      }
    });

    test("drizzle inserts and reads a row", async () => {
      await database.db.insert(users).values({ email: "a@example.edu", name: "A" });
      const rows = await database.db.select().from(users);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.role, "student");
    });

    test("executeSql runs several statements", async () => {
      const result = await database.handle.executeSql("SELECT 1 AS one; SELECT 2 AS two");
      assert.ok(Array.isArray(result));
      assert.equal(result[1]?.rows[0]?.two, 2);
    });

    test("transactions roll back on error", async () => {
      await assert.rejects(
        database.db.transaction(async (tx) => {
          await tx.insert(users).values({ email: "b@example.edu", name: "B" });
          throw new Error("abort on purpose");
        }),
        /abort on purpose/,
      );
      const count = await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM users WHERE email = 'b@example.edu'`,
      );
      assert.equal(count[0]?.n, 0);
    });
  });
}

describe("PGlite folder lock", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "arena-lock-"));
  const pgliteDir = path.join(dataDir, "nested", "pglite");

  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("a second opener in another process is rejected", async () => {
    const first = await openDatabase({ pgliteDir });
    try {
      const script = [
        'import { openDatabase, queryRows } from "@/db";',
        `openDatabase({ pgliteDir: ${JSON.stringify(pgliteDir)} })`,
        "  .then(() => { console.log('opened'); process.exit(0); })",
        "  .catch((error) => { console.error(error.code, error.message); process.exit(3); });",
      ].join("\n");
      const scriptPath = path.join(dataDir, "open-second.ts");
      writeFileSync(scriptPath, script);
      const child = spawnSync(process.execPath, ["--import", "tsx", scriptPath], {
        encoding: "utf8",
        cwd: process.cwd(),
      });
      assert.equal(child.status, 3, child.stderr);
      assert.match(child.stderr, /unavailable:database_locked/);
      assert.ok(child.stderr.includes(pgliteDir), "the message names the folder");
      assert.match(child.stderr, /stop the running server/);
      assert.match(child.stderr, /DATABASE_URL/);
    } finally {
      await first.close();
    }
  });

  test("a second opener in the same process is rejected", async () => {
    const first = await openDatabase({ pgliteDir });
    try {
      await assert.rejects(openDatabase({ pgliteDir }), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, "unavailable:database_locked");
        return true;
      });
    } finally {
      await first.close();
    }
  });

  test("a stale lock of a dead process is taken over", async () => {
    writeFileSync(
      `${pgliteDir}.lock`,
      JSON.stringify({ pid: 2 ** 22 + 17, startedAt: 0, command: "gone" }),
    );
    const handle = await openDatabase({ pgliteDir });
    await handle.close();
  });

  test("data persists across reopen", async () => {
    const first = await openDatabase({ pgliteDir });
    await first.db.insert(users).values({ email: "keep@example.edu", name: "K" });
    await first.close();
    const second = await openDatabase({ pgliteDir });
    try {
      const rows = await second.db.select().from(users);
      assert.ok(rows.some((row) => row.email === "keep@example.edu"));
    } finally {
      await second.close();
    }
  });
});
