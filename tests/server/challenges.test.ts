import assert from "node:assert/strict";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { and, eq } from "drizzle-orm";

import { submissions, type Challenge } from "@/db/schema";
import {
  challengeStatus,
  closeChallengeEarly,
  getChallengeBySlug,
  listChallenges,
  syncBundles,
} from "@/lib/server/challenges";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/db";
import { copyFixtureBundles } from "./fixtures";

// The baselines are stored in a data folder of this test file's own.
const dataDir = mkdtempSync(path.join(tmpdir(), "arena-challenges-"));
process.env.ARENA_DATA_DIR = dataDir;

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function phase(opensAt: string, closesAt: string, closedEarlyAt?: string): Challenge {
  return {
    opensAt: new Date(opensAt),
    closesAt: new Date(closesAt),
    closedEarlyAt: closedEarlyAt ? new Date(closedEarlyAt) : null,
  } as Challenge;
}

describe("challengeStatus", () => {
  const challenge = phase("2030-01-01T00:00:00Z", "2030-02-01T00:00:00Z");

  test("is upcoming before the opening", () => {
    assert.equal(challengeStatus(challenge, new Date("2029-12-31T23:59:59Z")), "upcoming");
  });

  test("is open from opening to close", () => {
    assert.equal(challengeStatus(challenge, new Date("2030-01-01T00:00:00Z")), "open");
    assert.equal(challengeStatus(challenge, new Date("2030-01-31T23:59:59Z")), "open");
  });

  test("is closed from the close time", () => {
    assert.equal(challengeStatus(challenge, new Date("2030-02-01T00:00:00Z")), "closed");
  });

  test("an early close counts", () => {
    const early = phase("2030-01-01T00:00:00Z", "2030-02-01T00:00:00Z", "2030-01-10T00:00:00Z");
    assert.equal(challengeStatus(early, new Date("2030-01-09T00:00:00Z")), "open");
    assert.equal(challengeStatus(early, new Date("2030-01-10T00:00:00Z")), "closed");
  });
});

for (const kind of databaseKinds) {
  describe(`bundle sync on ${kind}`, () => {
    let database: TestDatabase;
    let bundlesDir: string;

    before(async () => {
      database = await createTestDatabase(kind);
      bundlesDir = copyFixtureBundles();
      // A broken bundle next to the good ones.
      mkdirSync(path.join(bundlesDir, "broken"));
      writeFileSync(path.join(bundlesDir, "broken", "challenge.yaml"), "slug: broken\ntitle: [\n");
    });

    after(async () => {
      await database.close();
      rmSync(bundlesDir, { recursive: true, force: true });
    });

    test("loads valid bundles and reports broken ones", async () => {
      const result = await syncBundles({ challengesDir: bundlesDir });
      assert.deepEqual(result.loaded.map((item) => item.slug).sort(), ["tiny-auc", "tiny-model"]);
      assert.equal(result.failed.length, 1);
      assert.equal(path.basename(result.failed[0]?.folder ?? ""), "broken");
      const slugs = (await listChallenges()).map((challenge) => challenge.slug).sort();
      assert.deepEqual(slugs, ["tiny-auc", "tiny-model"]);
      const challenge = await getChallengeBySlug("tiny-auc");
      assert.equal(challenge?.opensAt.toISOString(), "2026-01-01T00:00:00.000Z");
      assert.equal(challenge?.title, "Tiny ROC AUC challenge for server tests");
    });

    test("queues a baseline once per bundle version", async () => {
      const challenge = await getChallengeBySlug("tiny-auc");
      assert.ok(challenge);
      const benchmarks = () =>
        database.db
          .select()
          .from(submissions)
          .where(and(eq(submissions.challengeId, challenge.id), eq(submissions.isBenchmark, true)));
      const first = await benchmarks();
      assert.equal(first.length, 1);

      const unchanged = await syncBundles({ challengesDir: bundlesDir });
      assert.equal(unchanged.loaded.find((item) => item.slug === "tiny-auc")?.baselineQueued, false);
      assert.deepEqual(
        (await benchmarks()).map((row) => row.id),
        first.map((row) => row.id),
      );

      appendFileSync(path.join(bundlesDir, "tiny-auc", "challenge.yaml"), "# changed\n");
      const changed = await syncBundles({ challengesDir: bundlesDir });
      assert.equal(changed.loaded.find((item) => item.slug === "tiny-auc")?.baselineQueued, true);
      const second = await benchmarks();
      assert.equal(second.length, 1, "the old benchmark row is replaced");
      assert.notEqual(second[0]?.id, first[0]?.id);
    });

    test("closing early sets the close time once", async () => {
      const challenge = await getChallengeBySlug("tiny-model");
      assert.ok(challenge);
      const now = new Date("2030-06-01T12:00:00Z");
      const closed = await closeChallengeEarly(challenge.id, now);
      assert.equal(closed.closedEarlyAt?.toISOString(), now.toISOString());
      assert.equal(challengeStatus(closed, now), "closed");
      const again = await closeChallengeEarly(challenge.id, new Date("2030-07-01T00:00:00Z"));
      assert.equal(again.closedEarlyAt?.toISOString(), now.toISOString());
    });
  });
}
