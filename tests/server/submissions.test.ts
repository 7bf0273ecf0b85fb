import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";

import { submissions, teams, teamMembers } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { closeChallengeEarly } from "@/lib/server/challenges";
import {
  createSubmission,
  listSubmissionsForUser,
  remainingToday,
  selectFinalSubmissions,
} from "@/lib/server/submissions";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/db";
import { insertChallenge, insertUser } from "./fixtures";

const stored = { sha256: "a".repeat(64), size: 10 };

function isAppError(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  };
}

for (const kind of databaseKinds) {
  describe(`submissions on ${kind}`, () => {
    let database: TestDatabase;

    before(async () => {
      database = await createTestDatabase(kind);
    });

    after(async () => {
      await database.close();
    });

    test("20 concurrent uploads accept exactly the limit", async () => {
      const challenge = await insertChallenge(database.db);
      const user = await insertUser(database.db);
      const attempts = Array.from({ length: 20 }, (_, index) =>
        createSubmission({
          challenge: { slug: challenge.slug },
          userId: user.id,
          kind: "predictions",
          fileName: `try-${index}.csv`,
          stored,
        }),
      );
      const outcomes = await Promise.allSettled(attempts);
      const accepted = outcomes.filter((outcome) => outcome.status === "fulfilled");
      const rejected = outcomes.filter((outcome) => outcome.status === "rejected");
      assert.equal(accepted.length, 5);
      assert.equal(rejected.length, 15);
      for (const outcome of rejected) {
        const error = outcome.reason as AppError;
        assert.equal(error.code, "rate_limited:daily_limit");
        assert.equal(error.status, 429);
        assert.match(error.message, /all 5 submissions/);
        assert.match(error.message, /resets at \d{4}-\d{2}-\d{2}T00:00:00\.000Z/);
      }

      const rows = await database.db
        .select()
        .from(submissions)
        .where(eq(submissions.challengeId, challenge.id));
      assert.equal(rows.length, 5);
      assert.ok(rows.every((row) => row.status === "queued"));
      const teamRows = await database.db
        .select()
        .from(teams)
        .where(eq(teams.challengeId, challenge.id));
      assert.equal(teamRows.length, 1, "one team of one, not one per upload");
      assert.equal(teamRows[0]?.name, user.name);
    });

    test("quota counts per UTC day", async () => {
      const challenge = await insertChallenge(database.db);
      const user = await insertUser(database.db);
      const lateEvening = new Date("2030-03-01T23:59:00.000Z");
      for (let index = 0; index < 5; index += 1) {
        await createSubmission({
          challenge: { id: challenge.id },
          userId: user.id,
          kind: "predictions",
          fileName: "a.csv",
          stored,
          now: lateEvening,
        });
      }
      await assert.rejects(
        createSubmission({
          challenge: { id: challenge.id },
          userId: user.id,
          kind: "predictions",
          fileName: "a.csv",
          stored,
          now: lateEvening,
        }),
        isAppError("rate_limited:daily_limit"),
      );
      const nextMorning = new Date("2030-03-02T00:00:30.000Z");
      const quota = await remainingToday(user.id, challenge, nextMorning);
      assert.equal(quota.used, 0);
      assert.equal(quota.remaining, 5);
      assert.equal(quota.resetsAt.toISOString(), "2030-03-03T00:00:00.000Z");
      const accepted = await createSubmission({
        challenge: { id: challenge.id },
        userId: user.id,
        kind: "predictions",
        fileName: "a.csv",
        stored,
        now: nextMorning,
      });
      assert.equal(accepted.status, "queued");
    });

    test("platform failures free their quota", async () => {
      const challenge = await insertChallenge(database.db);
      const user = await insertUser(database.db);
      const now = new Date("2030-04-10T12:00:00.000Z");
      const first = await createSubmission({
        challenge: { id: challenge.id },
        userId: user.id,
        kind: "predictions",
        fileName: "a.csv",
        stored,
        now,
      });
      assert.equal((await remainingToday(user.id, challenge, now)).remaining, 4);
      await database.db
        .update(submissions)
        .set({ status: "failed", failureKind: "platform", countsTowardQuota: false })
        .where(eq(submissions.id, first.id));
      assert.equal((await remainingToday(user.id, challenge, now)).remaining, 5);
    });

    test("closed or upcoming challenges reject uploads", async () => {
      const user = await insertUser(database.db);
      const upcoming = await insertChallenge(database.db, {
        opensAt: new Date("2099-01-01T00:00:00Z"),
        closesAt: new Date("2099-02-01T00:00:00Z"),
      });
      await assert.rejects(
        createSubmission({
          challenge: { id: upcoming.id },
          userId: user.id,
          kind: "predictions",
          fileName: "a.csv",
          stored,
        }),
        isAppError("forbidden:challenge_not_open"),
      );
      const open = await insertChallenge(database.db);
      await closeChallengeEarly(open.id);
      await assert.rejects(
        createSubmission({
          challenge: { id: open.id },
          userId: user.id,
          kind: "predictions",
          fileName: "a.csv",
          stored,
        }),
        isAppError("forbidden:challenge_closed"),
      );
    });

    test("unaccepted kind and unknown challenge rejected", async () => {
      const user = await insertUser(database.db);
      const challenge = await insertChallenge(database.db);
      await assert.rejects(
        createSubmission({
          challenge: { id: challenge.id },
          userId: user.id,
          kind: "model",
          fileName: "model.onnx",
          stored,
        }),
        isAppError("bad_request:submission_kind"),
      );
      await assert.rejects(
        createSubmission({
          challenge: { slug: "no-such-challenge" },
          userId: user.id,
          kind: "predictions",
          fileName: "a.csv",
          stored,
        }),
        isAppError("not_found:challenge"),
      );
    });

    test("file names lose their folders", async () => {
      const user = await insertUser(database.db);
      const challenge = await insertChallenge(database.db);
      const submission = await createSubmission({
        challenge: { id: challenge.id },
        userId: user.id,
        kind: "predictions",
        fileName: "C:\\Users\\me\\..\\preds.csv",
        stored,
        description: "  first try  ",
      });
      assert.equal(submission.fileName, "preds.csv");
      assert.equal(submission.description, "first try");
      const listed = await listSubmissionsForUser(user.id, challenge.id);
      assert.deepEqual(
        listed.map((row) => row.id),
        [submission.id],
      );
      const members = await database.db
        .select()
        .from(teamMembers)
        .where(eq(teamMembers.userId, user.id));
      assert.equal(members.length, 1);
    });

    test("final selection checks owner and status", async () => {
      const challenge = await insertChallenge(database.db);
      const user = await insertUser(database.db);
      const other = await insertUser(database.db);
      const make = (userId: string) =>
        createSubmission({
          challenge: { id: challenge.id },
          userId,
          kind: "predictions",
          fileName: "a.csv",
          stored,
        });
      const a = await make(user.id);
      const b = await make(user.id);
      const c = await make(user.id);
      const foreign = await make(other.id);
      await database.db
        .update(submissions)
        .set({ status: "scored", publicScore: 0.7, passedChecks: true })
        .where(eq(submissions.teamId, a.teamId as string));

      const chosen = await selectFinalSubmissions(user.id, challenge, [a.id, c.id]);
      assert.deepEqual(chosen.map((row) => row.id).sort(), [a.id, c.id].sort());
      await assert.rejects(
        selectFinalSubmissions(user.id, challenge, [a.id, b.id, c.id]),
        isAppError("bad_request:final_selection"),
      );
      await assert.rejects(
        selectFinalSubmissions(user.id, challenge, [foreign.id]),
        isAppError("not_found:submission"),
      );
      await database.db
        .update(submissions)
        .set({ passedChecks: false })
        .where(eq(submissions.id, b.id));
      await assert.rejects(
        selectFinalSubmissions(user.id, challenge, [b.id]),
        isAppError("bad_request:final_selection"),
      );
      const rows = await database.db
        .select()
        .from(submissions)
        .where(eq(submissions.teamId, a.teamId as string));
      const selected = rows.filter((row) => row.selectedFinal).map((row) => row.id);
      assert.deepEqual(selected.sort(), [a.id, c.id].sort(), "a rejected change keeps the old selection");
    });
  });
}
