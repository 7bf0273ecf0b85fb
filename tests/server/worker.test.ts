import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";

import { and, eq } from "drizzle-orm";

import { submissions, type Submission } from "@/db/schema";
import { getChallengeBySlug, syncBundles } from "@/lib/server/challenges";
import { getQueue, scoringQueueName } from "@/lib/server/queue";
import { storeUpload } from "@/lib/server/storage";
import { createSubmission, rescoreChallenge, rescoreSubmission } from "@/lib/server/submissions";
import { startWorker, type ScoringWorker } from "@/lib/server/worker";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/db";
import { buildOnnxModel } from "../models/helpers/onnx-builder";
import { copyFixtureBundles, insertUser } from "./fixtures";

// Uploads go to a data folder of this test file's own.
const dataDir = mkdtempSync(path.join(tmpdir(), "arena-worker-"));
process.env.ARENA_DATA_DIR = dataDir;

const queueSettings = {
  retryLimit: 2,
  retryDelaySeconds: 1,
  defaultTimeLimitSeconds: 4,
  maintenanceIntervalSeconds: 1,
};

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitForFinal(
  database: TestDatabase,
  submissionId: string,
  timeoutMs = 40_000,
): Promise<Submission> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await database.db.select().from(submissions).where(eq(submissions.id, submissionId));
    const row = rows[0];
    if (row && (row.status === "scored" || row.status === "failed")) return row;
    if (Date.now() > deadline) {
      assert.fail(`submission ${submissionId} is still ${row?.status} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function upload(text: string) {
  return storeUpload(Readable.from([Buffer.from(text)]), { maxBytes: 1_000_000 });
}

// Public rows 1-4 have labels 0,1,0,1 and private rows 5-8 the same. By
// hand: public positives 0.9 and 0.7 beat both negatives (0.2, 0.6), so the
// public AUC is 4/4 = 1. Private positives 0.5 and 0.3 against negatives
// 0.5 and 0.1: 0.5 ties 0.5 (1/2), beats 0.1 (1); 0.3 loses to 0.5 (0),
// beats 0.1 (1); (0.5 + 1 + 0 + 1) / 4 = 0.625.
const goodPredictions = "id,prediction\n1,0.2\n2,0.9\n3,0.6\n4,0.7\n5,0.5\n6,0.5\n7,0.1\n8,0.3\n";

for (const kind of databaseKinds) {
  describe(`scoring worker on ${kind}`, () => {
    let database: TestDatabase;
    let worker: ScoringWorker;
    let bundlesDir: string;

    before(async () => {
      database = await createTestDatabase(kind);
      await getQueue(database.handle, queueSettings);
      bundlesDir = copyFixtureBundles();
      const synced = await syncBundles({ challengesDir: bundlesDir });
      assert.deepEqual(synced.failed, []);
      worker = await startWorker({
        handle: database.handle,
        pollingIntervalSeconds: 0.5,
        sweepIntervalSeconds: 3600,
      });
    });

    after(async () => {
      await worker.stop();
      await database.close();
      rmSync(bundlesDir, { recursive: true, force: true });
    });

    test("scores an upload end to end", async () => {
      const user = await insertUser(database.db);
      const stored = await upload(goodPredictions);
      const created = await createSubmission({
        challenge: { slug: "tiny-auc" },
        userId: user.id,
        kind: "predictions",
        fileName: "predictions.csv",
        stored,
      });
      const row = await waitForFinal(database, created.id);
      assert.equal(row.status, "scored", row.error ?? "");
      assert.equal(row.publicScore, 1);
      assert.equal(row.privateScore, 0.625);
      assert.equal(row.rowCount, 8);
      assert.equal(row.passedChecks, true);
      assert.equal(row.attempts, 1);
      assert.ok(row.scoredAt);
      const curve = row.rocCurve as { fpr: number[]; tpr: number[] };
      assert.ok(Array.isArray(curve.fpr));
      assert.ok(curve.fpr.length >= 2);
      assert.equal(curve.fpr.length, curve.tpr.length);
    });

    test("scores the baseline as a benchmark", async () => {
      const challenge = await getChallengeBySlug("tiny-auc");
      assert.ok(challenge);
      const rows = await database.db
        .select()
        .from(submissions)
        .where(and(eq(submissions.challengeId, challenge.id), eq(submissions.isBenchmark, true)));
      assert.equal(rows.length, 1);
      const row = await waitForFinal(database, rows[0]?.id ?? "");
      // Scores 0.1..0.4 on labels 0,1,0,1: 3 of 4 pairs ordered, 0.75.
      assert.equal(row.publicScore, 0.75);
      assert.equal(row.privateScore, 0.75);
      assert.equal(row.teamId, null);
      assert.equal(row.countsTowardQuota, false);

      const again = await syncBundles({ challengesDir: bundlesDir });
      assert.equal(again.loaded[0]?.baselineQueued, false, "an unchanged bundle is not rescored");
    });

    test("a bad file fails at once", async () => {
      const user = await insertUser(database.db);
      const stored = await upload("id,prediction\n1,0.2\n2,high\n");
      const created = await createSubmission({
        challenge: { slug: "tiny-auc" },
        userId: user.id,
        kind: "predictions",
        fileName: "bad.csv",
        stored,
      });
      const row = await waitForFinal(database, created.id);
      assert.equal(row.status, "failed");
      assert.equal(row.failureKind, "submission");
      assert.equal(row.attempts, 1, "a participant's error is not retried");
      assert.equal(row.countsTowardQuota, true);
      assert.match(row.error ?? "", /bad\.csv/);
      assert.match(row.error ?? "", /line 3/);
    });

    test("a platform fault is retried, then not counted", async () => {
      const user = await insertUser(database.db);
      const stored = await upload(goodPredictions);
      // The answer key disappears: the bundle's fault, not the file's.
      const answerKey = path.join(bundlesDir, "tiny-auc", "hidden", "answer-key.csv");
      const saved = `${answerKey}.saved`;
      const { renameSync } = await import("node:fs");
      renameSync(answerKey, saved);
      try {
        const created = await createSubmission({
          challenge: { slug: "tiny-auc" },
          userId: user.id,
          kind: "predictions",
          fileName: "predictions.csv",
          stored,
        });
        const row = await waitForFinal(database, created.id);
        assert.equal(row.status, "failed");
        assert.equal(row.failureKind, "platform");
        assert.equal(row.attempts, queueSettings.retryLimit + 1);
        assert.equal(row.countsTowardQuota, false);
        assert.match(row.error ?? "", /platform error/);
        assert.doesNotMatch(row.error ?? "", /answer-key/);
      } finally {
        renameSync(saved, answerKey);
      }
    });

    test("a stuck scoring row is recovered by the sweeper", async () => {
      const challenge = await getChallengeBySlug("tiny-auc");
      assert.ok(challenge);
      const user = await insertUser(database.db);
      const stored = await upload(goodPredictions);
      const longAgo = new Date(Date.now() - 60 * 60 * 1000);
      // A row whose worker died mid-scoring and whose job is gone.
      const inserted = await database.db
        .insert(submissions)
        .values({
          challengeId: challenge.id,
          userId: user.id,
          kind: "predictions",
          fileName: "stuck.csv",
          fileSha256: stored.sha256,
          fileSize: stored.size,
          status: "scoring",
          attempts: 1,
          createdAt: longAgo,
          queuedAt: longAgo,
          startedAt: longAgo,
          isBenchmark: true,
        })
        .returning();
      const stuck = inserted[0];
      assert.ok(stuck);
      const exhausted = (
        await database.db
          .insert(submissions)
          .values({ ...stuck, id: undefined, attempts: queueSettings.retryLimit + 1 })
          .returning()
      )[0];
      assert.ok(exhausted);

      const swept = await worker.sweep();
      assert.ok(swept.requeued.includes(stuck.id));
      assert.ok(swept.failed.includes(exhausted.id));

      const recovered = await waitForFinal(database, stuck.id);
      assert.equal(recovered.status, "scored");
      assert.equal(recovered.publicScore, 1);
      const failed = await waitForFinal(database, exhausted.id);
      assert.equal(failed.failureKind, "platform");
    });

    test("a queued row without a job is requeued", async () => {
      const challenge = await getChallengeBySlug("tiny-auc");
      assert.ok(challenge);
      const stored = await upload(goodPredictions);
      const longAgo = new Date(Date.now() - 10 * 60 * 1000);
      // As if the server stopped between the commit and queueing the job.
      const inserted = await database.db
        .insert(submissions)
        .values({
          challengeId: challenge.id,
          kind: "predictions",
          fileName: "lost.csv",
          fileSha256: stored.sha256,
          fileSize: stored.size,
          status: "queued",
          createdAt: longAgo,
          queuedAt: longAgo,
          isBenchmark: true,
        })
        .returning();
      const lost = inserted[0];
      assert.ok(lost);
      const swept = await worker.sweep();
      assert.ok(swept.requeued.includes(lost.id));
      const row = await waitForFinal(database, lost.id);
      assert.equal(row.status, "scored");
      assert.equal(row.publicScore, 1);

      const again = await worker.sweep();
      assert.equal(again.requeued.includes(lost.id), false, "a final row is left alone");
    });

    test("a job taken by a dead worker expires and reruns", async () => {
      const user = await insertUser(database.db);
      const stored = await upload(goodPredictions);
      await worker.stop();
      const created = await createSubmission({
        challenge: { slug: "tiny-auc" },
        userId: user.id,
        kind: "predictions",
        fileName: "predictions.csv",
        stored,
      });
      // Take the job as a worker would, then never finish it.
      const { boss } = await getQueue(database.handle);
      const taken = await boss.fetch(scoringQueueName);
      assert.equal(taken.length, 1);
      worker = await startWorker({
        handle: database.handle,
        pollingIntervalSeconds: 0.5,
        sweepIntervalSeconds: 3600,
      });
      const row = await waitForFinal(database, created.id);
      assert.equal(row.status, "scored");
      assert.equal(row.publicScore, 1);
    });

    test("scores a model submission", async () => {
      const user = await insertUser(database.db);
      // The model returns its one feature, which equals the predictions
      // of goodPredictions, so the scores are the same: 1 and 0.625.
      const model = buildOnnxModel({
        inputs: [{ name: "features", shape: ["N", 1] }],
        outputs: [{ name: "prediction", shape: ["N", 1] }],
        nodes: [{ op: "Identity", inputs: ["features"], outputs: ["prediction"] }],
      });
      const stored = await storeUpload(Readable.from([Buffer.from(model)]), { maxBytes: 1_000_000 });
      const created = await createSubmission({
        challenge: { slug: "tiny-model" },
        userId: user.id,
        kind: "model",
        fileName: "identity.onnx",
        stored,
      });
      const row = await waitForFinal(database, created.id, 90_000);
      assert.equal(row.status, "scored", row.error ?? "");
      assert.equal(row.publicScore, 1);
      assert.equal(row.privateScore, 0.625);
    });

    test("rescoring clears and scores again", async () => {
      const user = await insertUser(database.db);
      const stored = await upload(goodPredictions);
      const created = await createSubmission({
        challenge: { slug: "tiny-auc" },
        userId: user.id,
        kind: "predictions",
        fileName: "predictions.csv",
        stored,
      });
      await waitForFinal(database, created.id);
      const reset = await rescoreSubmission(created.id);
      assert.equal(reset.status, "queued");
      assert.equal(reset.publicScore, null);
      const row = await waitForFinal(database, created.id);
      assert.equal(row.publicScore, 1);
      assert.equal(row.attempts, 1);
    });

    test("rescoring a challenge queues every row", async () => {
      const challenge = await getChallengeBySlug("tiny-auc");
      assert.ok(challenge);
      const before = await database.db
        .select()
        .from(submissions)
        .where(eq(submissions.challengeId, challenge.id));
      const count = await rescoreChallenge(challenge.id);
      assert.equal(count, before.length);
      for (const row of before) {
        const after = await waitForFinal(database, row.id);
        if (row.failureKind === "platform") {
          // The earlier platform faults are gone (the answer key is back).
          assert.equal(after.status, "scored", `submission ${row.id}`);
          assert.equal(after.publicScore, 1);
          continue;
        }
        assert.equal(after.status, row.status, `submission ${row.id} ended differently`);
        assert.equal(after.publicScore, row.publicScore);
        assert.equal(after.error, row.error);
      }
    });
  });
}
