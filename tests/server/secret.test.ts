import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";

import { getAuthSecret, resetAuthSecretCache } from "@/lib/server/secret";

const dataDir = mkdtempSync(path.join(tmpdir(), "arena-secret-"));
process.env.ARENA_DATA_DIR = path.join(dataDir, "nested");
delete process.env.AUTH_SECRET;

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function runInChild(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const script = 'import { getAuthSecret } from "@/lib/server/secret"; console.log(getAuthSecret());';
  const scriptPath = path.join(dataDir, "print-secret.ts");
  writeFileSync(scriptPath, script);
  return spawnSync(process.execPath, ["--import", "tsx", scriptPath], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
}

test("generates a private secret file once", () => {
  const secret = getAuthSecret();
  const file = path.join(dataDir, "nested", "auth-secret");
  assert.equal(readFileSync(file, "utf8").trim(), secret);
  // 32 random bytes in base64url are 43 characters.
  assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  resetAuthSecretCache();
  assert.equal(getAuthSecret(), secret, "the file keeps the secret across restarts");
});

test("two installs get different secrets", () => {
  const other = mkdtempSync(path.join(tmpdir(), "arena-secret-other-"));
  try {
    const child = runInChild({ ARENA_DATA_DIR: other, AUTH_SECRET: "" });
    assert.equal(child.status, 0, child.stderr);
    assert.notEqual(child.stdout.trim(), getAuthSecret());
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test("AUTH_SECRET wins and must be long", () => {
  const given = "x".repeat(40);
  const child = runInChild({ ARENA_DATA_DIR: dataDir, AUTH_SECRET: given });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), given);
  const short = runInChild({ ARENA_DATA_DIR: dataDir, AUTH_SECRET: "short" });
  assert.notEqual(short.status, 0);
  assert.match(short.stderr, /AUTH_SECRET is shorter than 32 characters/);
});
