import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { POST as submit } from "@/app/api/v1/challenges/[slug]/submissions/route";
import { GET as getSubmission } from "@/app/api/v1/submissions/[id]/route";
import { syncBundles } from "@/lib/server/challenges";
import { createToken } from "@/lib/server/tokens";
import { createUser } from "@/lib/server/users";
import { startWorker, type ScoringWorker } from "@/lib/server/worker";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { apiFixturesDir, serveRoutes, type Handler } from "./helpers";

const dataDir = mkdtempSync(path.join(tmpdir(), "arena-submit-"));
process.env.ARENA_DATA_DIR = dataDir;
process.env.ARENA_CHALLENGES_DIR = apiFixturesDir;

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `arena submit` in a child process, so the server here keeps serving. */
function runSubmit(args: string[], env: Record<string, string | undefined>): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/arena.mjs", "submit", ...args], {
      env: { ...process.env, ARENA_TOKEN: undefined, ARENA_URL: undefined, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe("arena submit against a loopback server", () => {
  let database: TestDatabase;
  let worker: ScoringWorker;
  let server: { url: string; close(): Promise<void> };
  let token = "";
  const files = {
    good: path.join(apiFixturesDir, "predictions.csv"),
    badHeader: path.join(dataDir, "bad-header.csv"),
    missingRows: path.join(dataDir, "missing-rows.csv"),
  };

  before(async () => {
    writeFileSync(files.badHeader, "id,score\n1,0.5\n");
    writeFileSync(files.missingRows, "id,prediction\n1,0.5\n");
    database = await createTestDatabase("pglite");
    const user = await createUser({ email: "cli@example.edu", password: "long enough password" });
    token = (await createToken(user.id, "cli test")).secret;
    await syncBundles();
    worker = await startWorker({ pollingIntervalSeconds: 0.5, sweepIntervalSeconds: 3600 });
    server = await serveRoutes([
      {
        method: "POST",
        pattern: "/api/v1/challenges/:slug/submissions",
        handler: submit as Handler<Record<string, string>>,
      },
      {
        method: "GET",
        pattern: "/api/v1/submissions/:id",
        handler: getSubmission as Handler<Record<string, string>>,
      },
    ]);
  });

  after(async () => {
    await server.close();
    await worker.stop();
    await database.close();
  });

  test("scored file prints the public score", async () => {
    const result = await runSubmit(
      ["api-auc", files.good, "--description", "from the CLI", "--url", server.url],
      { ARENA_TOKEN: token },
    );
    assert.equal(result.code, 0, result.stderr);
    // 5/6, the public ROC AUC worked out in routes.test.ts.
    assert.match(result.stdout, /^Public score: 0\.83333333333333\d*$/m);
    assert.match(result.stderr, /Uploading: 100%/);
    assert.match(result.stderr, /accepted; waiting for the score/);
  });

  test("bad header exits 2 with the reader's message", async () => {
    const result = await runSubmit(["api-auc", files.badHeader, "--url", server.url], {
      ARENA_TOKEN: token,
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Upload rejected \(HTTP 400\): bad-header\.csv, line 1/);
  });

  test("failed submission exits 2 with its error", async () => {
    const result = await runSubmit(["api-auc", files.missingRows, "--url", server.url], {
      ARENA_TOKEN: token,
    });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stdout, /^The submission failed: /m);
  });

  test("missing token exits 2 with the fix", async () => {
    const result = await runSubmit(["api-auc", files.good, "--url", server.url], {});
    assert.equal(result.code, 2);
    assert.match(result.stderr, /ARENA_TOKEN is not set/);
  });

  test("wrong token exits 1 with the 401 message", async () => {
    const result = await runSubmit(["api-auc", files.good, "--url", server.url], {
      ARENA_TOKEN: `ca_${"z".repeat(43)}`,
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /HTTP 401\): The API token is invalid or revoked/);
  });

  test("unknown challenge exits 2", async () => {
    const result = await runSubmit(["no-such-challenge", files.good, "--url", server.url], {
      ARENA_TOKEN: token,
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /HTTP 404\): No challenge "no-such-challenge" exists/);
  });

  test("unreachable server exits 1", async () => {
    const { createServer } = await import("node:net");
    // A port that was free a moment ago and has no listener now.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const address = probe.address();
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    assert.ok(address);
    assert.notEqual(typeof address, "string");
    if (!address || typeof address === "string") return;
    const result = await runSubmit(["api-auc", files.good, "--url", `http://127.0.0.1:${address.port}`], {
      ARENA_TOKEN: token,
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Cannot reach http:\/\/127\.0\.0\.1:\d+/);
    // The error is the last line: no upload progress follows it.
    const lines = result.stderr.trim().split("\n");
    assert.match(lines[lines.length - 1]!, /^arena submit: Cannot reach/);
  });
});
