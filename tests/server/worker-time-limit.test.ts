import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";

import { submissions } from "@/db/schema";
import { syncBundles } from "@/lib/server/challenges";
import { getQueue } from "@/lib/server/queue";
import { storeUpload } from "@/lib/server/storage";
import { createSubmission } from "@/lib/server/submissions";
import { startWorker, type ScoringWorker } from "@/lib/server/worker";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/db";
import { copyFixtureBundles, insertUser } from "./fixtures";

const dataDir = mkdtempSync(path.join(tmpdir(), "arena-time-limit-"));
process.env.ARENA_DATA_DIR = dataDir;

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

for (const kind of databaseKinds) {
  describe(`scoring time limit on ${kind}`, () => {
    let database: TestDatabase;
    let worker: ScoringWorker;
    let bundlesDir: string;
    let calls = 0;

    before(async () => {
      database = await createTestDatabase(kind);
      await getQueue(database.handle, {
        retryLimit: 1,
        retryDelaySeconds: 1,
        defaultTimeLimitSeconds: 2,
        maintenanceIntervalSeconds: 1,
      });
      bundlesDir = copyFixtureBundles();
      await syncBundles({ challengesDir: bundlesDir });
      worker = await startWorker({
        handle: database.handle,
        pollingIntervalSeconds: 0.5,
        sweepIntervalSeconds: 3600,
        // A scorer that never finishes, like a hung read.
        score: () => {
          calls += 1;
          return new Promise(() => undefined);
        },
      });
    });

    after(async () => {
      await worker.stop();
      await database.close();
      rmSync(bundlesDir, { recursive: true, force: true });
    });

    test("a hung attempt times out and is retried", async () => {
      const user = await insertUser(database.db);
      const stored = await storeUpload(Readable.from([Buffer.from("id,prediction\n1,0.5\n")]), {
        maxBytes: 1000,
      });
      const created = await createSubmission({
        challenge: { slug: "tiny-auc" },
        userId: user.id,
        kind: "predictions",
        fileName: "p.csv",
        stored,
      });
      const deadline = Date.now() + 40_000;
      let row = created;
      while (Date.now() < deadline) {
        const rows = await database.db.select().from(submissions).where(eq(submissions.id, created.id));
        row = rows[0] ?? row;
        if (row.status === "failed") break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.equal(row.status, "failed");
      assert.equal(row.failureKind, "platform");
      assert.equal(row.attempts, 2);
      assert.equal(row.countsTowardQuota, false);
      assert.ok(calls >= 2, `the scorer ran ${calls} times`);
    });
  });
}
