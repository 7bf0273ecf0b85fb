import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";

import { openDatabase } from "@/db";
import { copyFixtureBundles } from "./fixtures";

const workDir = mkdtempSync(path.join(tmpdir(), "arena-startup-"));

after(() => {
  rmSync(workDir, { recursive: true, force: true });
});

test("npm start stops on a locked folder", async () => {
  const dataDir = path.join(workDir, "locked");
  const emptyChallenges = mkdtempSync(path.join(workDir, "no-bundles-"));
  const holder = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
  try {
    const child = spawnSync(process.execPath, [path.join(process.cwd(), "bin", "start.mjs")], {
      encoding: "utf8",
      env: {
        ...process.env,
        ARENA_DATA_DIR: dataDir,
        ARENA_CHALLENGES_DIR: emptyChallenges,
        DATABASE_URL: "",
        PORT: "3199",
      },
      timeout: 60_000,
    });
    assert.equal(child.status, 1, child.stderr);
    assert.match(child.stderr, /is in use by process/);
    assert.ok(child.stderr.includes(path.join(dataDir, "pglite")), "the message names the folder");
    assert.doesNotMatch(child.stdout, /building the app/);
  } finally {
    await holder.close();
  }
});

test("startServer migrates, seeds staff, scores baselines", () => {
  const dataDir = path.join(workDir, "fresh");
  const bundlesDir = copyFixtureBundles();
  const scriptPath = path.join(process.cwd(), "tests", "server", "start-server-child.ts");
  const child = spawnSync(process.execPath, ["--import", "tsx", scriptPath], {
    encoding: "utf8",
    cwd: process.cwd(),
    env: {
      ...process.env,
      ARENA_DATA_DIR: dataDir,
      ARENA_CHALLENGES_DIR: bundlesDir,
      ARENA_ADMIN_EMAIL: "staff@example.edu",
      ARENA_ADMIN_PASSWORD: "a-long-staff-password",
      ARENA_WORKER: "on",
      AUTH_SECRET: "",
      DATABASE_URL: "",
    },
    timeout: 180_000,
  });
  rmSync(bundlesDir, { recursive: true, force: true });
  assert.equal(child.status, 0, child.stderr);
  const lastLine = child.stdout.trim().split("\n").at(-1) ?? "{}";
  const result = JSON.parse(lastLine) as { role?: string; challenges: string[]; benchmarkScore?: number };
  assert.equal(result.role, "staff");
  assert.deepEqual(result.challenges.sort(), ["tiny-auc", "tiny-model"]);
  // The tiny-auc baseline: 3 of 4 positive-negative pairs ordered.
  assert.equal(result.benchmarkScore, 0.75);
  const secretMode = statSync(path.join(dataDir, "auth-secret")).mode & 0o777;
  assert.equal(secretMode, 0o600);
});
