import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";

import { submissions } from "@/db/schema";
import { syncBundles } from "@/lib/server/challenges";
import { storeUpload } from "@/lib/server/storage";
import { createSubmission } from "@/lib/server/submissions";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { copyFixtureBundles, insertUser } from "./fixtures";

const dataDir = mkdtempSync(path.join(tmpdir(), "arena-worker-command-"));
process.env.ARENA_DATA_DIR = dataDir;
const arena = path.join(process.cwd(), "bin", "arena.mjs");

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe("arena worker", () => {
  test("rejects running without DATABASE_URL", () => {
    const child = spawnSync(process.execPath, [arena, "worker"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "", ARENA_DATA_DIR: dataDir },
    });
    assert.equal(child.status, 2);
    assert.match(child.stderr, /DATABASE_URL is not set/);
    assert.match(child.stderr, /one process per data folder/);
  });

  test("rejects an invalid concurrency", () => {
    const child = spawnSync(process.execPath, [arena, "worker", "--concurrency", "zero"], {
      encoding: "utf8",
    });
    assert.equal(child.status, 2);
    assert.match(child.stderr, /invalid --concurrency "zero"/);
  });

  describe("with PostgreSQL", () => {
    let database: TestDatabase;
    let bundlesDir: string;

    before(async () => {
      database = await createTestDatabase("postgres");
      bundlesDir = copyFixtureBundles();
      await syncBundles({ challengesDir: bundlesDir });
    });

    after(async () => {
      await database.close();
      rmSync(bundlesDir, { recursive: true, force: true });
    });

    test("scores a queued submission and stops on SIGTERM", async () => {
      const user = await insertUser(database.db);
      const stored = await storeUpload(
        Readable.from([Buffer.from("id,prediction\n1,0.1\n2,0.9\n3,0.2\n4,0.8\n5,0.3\n6,0.7\n7,0.4\n8,0.6\n")]),
        { maxBytes: 10_000 },
      );
      const created = await createSubmission({
        challenge: { slug: "tiny-auc" },
        userId: user.id,
        kind: "predictions",
        fileName: "p.csv",
        stored,
      });

      const child = spawn(process.execPath, [arena, "worker", "--concurrency", "2"], {
        env: { ...process.env, DATABASE_URL: database.url, ARENA_DATA_DIR: dataDir },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

      try {
        const deadline = Date.now() + 60_000;
        let status = "queued";
        while (Date.now() < deadline) {
          const rows = await database.db.select().from(submissions).where(eq(submissions.id, created.id));
          status = rows[0]?.status ?? "missing";
          if (status === "scored" || status === "failed") break;
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        const rows = await database.db.select().from(submissions).where(eq(submissions.id, created.id));
        assert.equal(rows[0]?.status, "scored", output);
        // Every positive outranks every negative in both parts.
        assert.equal(rows[0]?.publicScore, 1);
        assert.equal(rows[0]?.privateScore, 1);
      } finally {
        child.kill("SIGTERM");
      }
      assert.equal(await exited, 0, output);
      assert.match(output, /arena worker: stopped\./);
    });
  });
});
