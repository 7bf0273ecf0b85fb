import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";

import { openDatabase, setDefaultDatabase } from "@/db";
import { authenticateToken } from "@/lib/server/tokens";
import { getUserByEmail, verifyCredentials } from "@/lib/server/users";
import { createTestDatabase } from "../helpers/db";

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const dataDirs: string[] = [];

after(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function newDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "arena-cli-"));
  dataDirs.push(dir);
  return dir;
}

/** Runs `arena <args>` in a child process with `input` on standard input. */
function arena(
  args: string[],
  env: Record<string, string | undefined>,
  input = "",
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/arena.mjs", ...args], {
      env: { ...process.env, DATABASE_URL: undefined, LOG_LEVEL: "warn", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("arena users and tokens on PGlite", () => {
  const dataDir = newDataDir();
  const env = { ARENA_DATA_DIR: dataDir };

  test("users create reads the password from stdin", async () => {
    const created = await arena(
      ["users", "create", "--email", "Head@Example.edu", "--role", "staff", "--password-stdin"],
      env,
      "staff password 1\n",
    );
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^Created staff head@example\.edu \(id [0-9a-f-]{36}\)\.$/m);

    const duplicate = await arena(
      ["users", "create", "--email", "head@example.edu", "--password-stdin"],
      env,
      "another password\n",
    );
    assert.equal(duplicate.code, 2);
    assert.match(duplicate.stderr, /already exists/);

    const short = await arena(["users", "create", "--email", "x@example.edu", "--password-stdin"], env, "short\n");
    assert.equal(short.code, 2);
    assert.match(short.stderr, /at least 10 characters/);
  });

  test("users create without a terminal asks for stdin", async () => {
    const result = await arena(["users", "create", "--email", "y@example.edu"], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--password-stdin/);
  });

  test("tokens create prints a working token once", async () => {
    const created = await arena(["tokens", "create", "--email", "head@example.edu", "--name", "ci"], env);
    assert.equal(created.code, 0, created.stderr);
    const secret = created.stdout.trim();
    assert.match(secret, /^ca_[A-Za-z0-9_-]{43}$/);

    const listed = await arena(["tokens", "list", "--email", "head@example.edu"], env);
    assert.equal(listed.code, 0);
    assert.ok(!listed.stdout.includes(secret));
    const tokenId = listed.stdout.split(/\s+/)[0] ?? "";
    assert.match(listed.stdout, /ci +created .* active/);

    const revoked = await arena(["tokens", "revoke", "--email", "head@example.edu", "--id", tokenId], env);
    assert.equal(revoked.code, 0, revoked.stderr);

    // Read the database here only after the commands have exited, because
    // PGlite allows one process per folder.
    const handle = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
    setDefaultDatabase(handle);
    try {
      assert.equal(await authenticateToken(secret), undefined);
      const user = await verifyCredentials("head@example.edu", "staff password 1");
      assert.equal(user?.role, "staff");
    } finally {
      setDefaultDatabase(undefined);
      await handle.close();
    }
  });

  test("unknown email exits 2", async () => {
    const result = await arena(["tokens", "create", "--email", "ghost@example.edu"], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /No user has the email ghost@example\.edu/);
  });

  test("held database folder stops with the lock message", async () => {
    const handle = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
    try {
      const result = await arena(["tokens", "create", "--email", "head@example.edu"], env);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /is in use by process \d+/);
      assert.match(result.stderr, /stop the running server first, or set DATABASE_URL/);
      assert.match(result.stderr, /account page/);
      assert.equal(result.stdout, "");
    } finally {
      await handle.close();
    }
  });
});

describe("arena users on PostgreSQL", () => {
  test("users create writes to DATABASE_URL", async () => {
    const database = await createTestDatabase("postgres");
    try {
      assert.ok(database.url);
      const result = await arena(
        ["users", "create", "--email", "pg@example.edu", "--password-stdin"],
        { ARENA_DATA_DIR: newDataDir(), DATABASE_URL: database.url },
        "postgres password\n",
      );
      assert.equal(result.code, 0, result.stderr);
      const user = await getUserByEmail("pg@example.edu");
      assert.equal(user?.role, "student");
    } finally {
      await database.close();
    }
  });
});
