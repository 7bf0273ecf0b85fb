import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { encode } from "next-auth/jwt";

import { POST as reload } from "@/app/api/v1/admin/reload/route";
import { POST as closeChallenge } from "@/app/api/v1/challenges/[slug]/close/route";
import { GET as leaderboard } from "@/app/api/v1/challenges/[slug]/leaderboard/route";
import { POST as rescoreChallenge } from "@/app/api/v1/challenges/[slug]/rescore/route";
import { GET as getChallenge } from "@/app/api/v1/challenges/[slug]/route";
import {
  GET as listSubmissions,
  POST as submit,
} from "@/app/api/v1/challenges/[slug]/submissions/route";
import { GET as listChallenges } from "@/app/api/v1/challenges/route";
import { GET as me } from "@/app/api/v1/me/route";
import { POST as rescoreSubmission } from "@/app/api/v1/submissions/[id]/rescore/route";
import { GET as getSubmission } from "@/app/api/v1/submissions/[id]/route";
import { POST as selectSubmission } from "@/app/api/v1/submissions/[id]/select/route";
import { syncBundles } from "@/lib/server/challenges";
import { getAuthSecret } from "@/lib/server/secret";
import { createToken } from "@/lib/server/tokens";
import { createUser, type PublicUser } from "@/lib/server/users";
import { startWorker, type ScoringWorker } from "@/lib/server/worker";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/db";
import {
  apiFixturesDir,
  call,
  expectError,
  listUploads,
  uploadForm,
} from "./helpers";

const dataDir = mkdtempSync(path.join(tmpdir(), "arena-api-"));
process.env.ARENA_DATA_DIR = dataDir;
process.env.ARENA_CHALLENGES_DIR = apiFixturesDir;

const slug = "api-auc";
const predictions = readFileSync(path.join(apiFixturesDir, "predictions.csv"), "utf8");
// Hand-worked ROC AUC of predictions.csv against hidden/answer-key.csv.
// Public rows 1-5: positives 2, 4, 5 score 0.8, 0.4, 0.9 and negatives 1, 3
// score 0.1, 0.6. Five of the six positive-negative pairs are ordered
// correctly (0.4 < 0.6 is not), so the AUC is 5/6.
const expectedPublicScore = 5 / 6;
// Private rows 6-9: positives 0.7, 0.3 and negatives 0.2, 0.5 give 3 of 4.
const expectedPrivateScore = 3 / 4;

// Strings that only the answer key's location and content contain.
const answerKeyMarkers = ["answer-key", "hidden/", "Usage", apiFixturesDir];

type Json = Record<string, unknown>;

async function readJson(response: Response): Promise<Json> {
  return (await response.json()) as Json;
}

function assertNoAnswerKey(text: string): void {
  for (const marker of answerKeyMarkers) {
    assert.ok(!text.includes(marker), `the response contains "${marker}": ${text.slice(0, 300)}`);
  }
}

async function waitForScore(id: string, token: string): Promise<Json> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await call(getSubmission, { id }, `/api/v1/submissions/${id}`, { token });
    const body = await readJson(response);
    const submission = body.submission as Json;
    if (submission.status === "scored" || submission.status === "failed") return submission;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`submission ${id} was not scored within 60 s`);
}

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

for (const kind of databaseKinds) {
  describe(`API routes on ${kind}`, () => {
    let database: TestDatabase;
    let worker: ScoringWorker;
    let staff: PublicUser;
    let alice: PublicUser;
    const tokens = { staff: "", alice: "", bob: "", carol: "", dave: "" };
    let aliceSubmissionId = "";

    before(async () => {
      database = await createTestDatabase(kind);
      const password = "long enough password";
      staff = await createUser({ email: `staff-${kind}@example.edu`, password, role: "staff" });
      alice = await createUser({ email: `alice-${kind}@example.edu`, password });
      const bob = await createUser({ email: `bob-${kind}@example.edu`, password });
      const carol = await createUser({ email: `carol-${kind}@example.edu`, password });
      tokens.staff = (await createToken(staff.id, "tests")).secret;
      tokens.alice = (await createToken(alice.id, "tests")).secret;
      tokens.bob = (await createToken(bob.id, "tests")).secret;
      tokens.carol = (await createToken(carol.id, "tests")).secret;
      const dave = await createUser({ email: `dave-${kind}@example.edu`, password });
      tokens.dave = (await createToken(dave.id, "tests")).secret;

      const synced = await syncBundles();
      assert.deepEqual(synced.failed, []);
      worker = await startWorker({ pollingIntervalSeconds: 0.5, sweepIntervalSeconds: 3600 });
    });

    after(async () => {
      await worker.stop();
      await database.close();
    });

    test("requests without credentials get 401", async () => {
      await expectError(
        await call(listChallenges, {}, "/api/v1/challenges"),
        401,
        "unauthorized:sign_in_required",
      );
      await expectError(
        await call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
          method: "POST",
          body: uploadForm(predictions),
        }),
        401,
        "unauthorized:sign_in_required",
      );
      await expectError(
        await call(me, {}, "/api/v1/me", { token: `ca_${"x".repeat(43)}` }),
        401,
        "unauthorized:invalid_token",
      );
    });

    test("me returns the token's user", async () => {
      const body = await readJson(await call(me, {}, "/api/v1/me", { token: tokens.alice }));
      assert.deepEqual(body.user, {
        id: alice.id,
        email: alice.email,
        name: alice.name,
        role: "student",
      });
      assert.equal(body.via, "token");
    });

    test("challenge routes return public fields only", async () => {
      const listResponse = await call(listChallenges, {}, "/api/v1/challenges", { token: tokens.alice });
      assert.equal(listResponse.status, 200);
      const listText = await listResponse.text();
      assertNoAnswerKey(listText);
      const list = JSON.parse(listText) as { challenges: Json[] };
      assert.deepEqual(list.challenges.map((challenge) => challenge.slug), [slug]);

      const response = await call(getChallenge, { slug }, `/api/v1/challenges/${slug}`, { token: tokens.alice });
      assert.equal(response.status, 200);
      const text = await response.text();
      assertNoAnswerKey(text);
      const challenge = (JSON.parse(text) as { challenge: Json }).challenge;
      assert.equal(challenge.status, "open");
      assert.equal(challenge.metric, "roc_auc");
      assert.equal(challenge.direction, "maximize");
      assert.deepEqual(challenge.submissionColumns, [
        { name: "id", type: "id" },
        { name: "prediction", type: "number" },
      ]);
      assert.deepEqual(challenge.publicFiles, [
        {
          path: "public/sample.csv",
          description: "A sample submission.",
          url: `/challenges/${slug}/files/public/sample.csv`,
        },
      ]);
    });

    test("unknown and invalid slugs get 404 and 400", async () => {
      await expectError(
        await call(getChallenge, { slug: "no-such" }, "/api/v1/challenges/no-such", { token: tokens.alice }),
        404,
        "not_found:challenge",
      );
      const error = await expectError(
        await call(getChallenge, { slug: "Bad_Slug" }, "/api/v1/challenges/Bad_Slug", { token: tokens.alice }),
        400,
        "bad_request:path",
      );
      const issues = (error.details as { issues: { path: string }[] }).issues;
      assert.equal(issues[0]?.path, "slug");
    });

    test("upload is scored and returned by GET", async () => {
      const response = await call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
        method: "POST",
        token: tokens.alice,
        body: uploadForm(predictions, "my predictions.csv", "first try"),
      });
      const text = await response.text();
      assert.equal(response.status, 201, text);
      assertNoAnswerKey(text);
      const created = (JSON.parse(text) as { submission: Json }).submission;
      assert.equal(created.status, "queued");
      assert.equal(created.fileName, "my predictions.csv");
      assert.equal(created.description, "first try");
      assert.equal(created.publicScore, null);
      assert.equal("privateScore" in created, false);
      assert.equal(response.headers.get("location"), `/api/v1/submissions/${String(created.id)}`);
      aliceSubmissionId = String(created.id);

      const scored = await waitForScore(aliceSubmissionId, tokens.alice);
      assert.equal(scored.status, "scored", String(scored.error));
      assert.ok(Math.abs(Number(scored.publicScore) - expectedPublicScore) < 1e-12);
      assert.equal("privateScore" in scored, false);
      assert.deepEqual(scored.checks, []);
      assert.equal(scored.error, null);

      const staffView = await readJson(
        await call(getSubmission, { id: aliceSubmissionId }, `/api/v1/submissions/${aliceSubmissionId}`, {
          token: tokens.staff,
        }),
      );
      const staffSubmission = staffView.submission as Json;
      assert.ok(Math.abs(Number(staffSubmission.privateScore) - expectedPrivateScore) < 1e-12);

      const own = await readJson(
        await call(listSubmissions, { slug }, `/api/v1/challenges/${slug}/submissions`, { token: tokens.alice }),
      );
      const ownList = own.submissions as Json[];
      assert.deepEqual(ownList.map((row) => row.id), [aliceSubmissionId]);
      assert.equal((own.quota as Json).remaining, 2);
    });

    test("another participant's submission is 404", async () => {
      const other = await expectError(
        await call(getSubmission, { id: aliceSubmissionId }, `/api/v1/submissions/${aliceSubmissionId}`, {
          token: tokens.bob,
        }),
        404,
        "not_found:submission",
      );
      const unknownId = randomUUID();
      const unknown = await expectError(
        await call(getSubmission, { id: unknownId }, `/api/v1/submissions/${unknownId}`, { token: tokens.bob }),
        404,
        "not_found:submission",
      );
      assert.equal(other.message.replace(aliceSubmissionId, "ID"), unknown.message.replace(unknownId, "ID"));

      await expectError(
        await call(rescoreSubmission, { id: aliceSubmissionId }, `/api/v1/submissions/${aliceSubmissionId}/rescore`, {
          method: "POST",
          token: tokens.bob,
        }),
        404,
        "not_found:submission",
      );
      await expectError(
        await call(selectSubmission, { id: aliceSubmissionId }, `/api/v1/submissions/${aliceSubmissionId}/select`, {
          method: "POST",
          token: tokens.bob,
        }),
        404,
        "not_found:submission",
      );

      const bobsList = await readJson(
        await call(listSubmissions, { slug }, `/api/v1/challenges/${slug}/submissions`, { token: tokens.bob }),
      );
      assert.deepEqual(bobsList.submissions, []);
    });

    test("students cannot rescore, close or reload", async () => {
      await expectError(
        await call(rescoreSubmission, { id: aliceSubmissionId }, `/api/v1/submissions/${aliceSubmissionId}/rescore`, {
          method: "POST",
          token: tokens.alice,
        }),
        403,
        "forbidden:staff_only",
      );
      await expectError(
        await call(rescoreChallenge, { slug }, `/api/v1/challenges/${slug}/rescore`, {
          method: "POST",
          token: tokens.alice,
        }),
        403,
        "forbidden:staff_only",
      );
      await expectError(
        await call(closeChallenge, { slug }, `/api/v1/challenges/${slug}/close`, {
          method: "POST",
          token: tokens.alice,
        }),
        403,
        "forbidden:staff_only",
      );
      await expectError(
        await call(reload, {}, "/api/v1/admin/reload", { method: "POST", token: tokens.alice }),
        403,
        "forbidden:staff_only",
      );
      const after = await readJson(
        await call(getChallenge, { slug }, `/api/v1/challenges/${slug}`, { token: tokens.alice }),
      );
      assert.equal((after.challenge as Json).status, "open");
    });

    test("private leaderboard is hidden before the close", async () => {
      await expectError(
        await call(leaderboard, { slug }, `/api/v1/challenges/${slug}/leaderboard`, {
          token: tokens.alice,
          query: "?board=private",
        }),
        403,
        "forbidden:private_leaderboard",
      );
      await expectError(
        await call(leaderboard, { slug }, `/api/v1/challenges/${slug}/leaderboard`, {
          token: tokens.alice,
          query: "?board=private&format=csv",
        }),
        403,
        "forbidden:private_leaderboard",
      );
      await expectError(
        await call(leaderboard, { slug }, `/api/v1/challenges/${slug}/leaderboard`, {
          token: tokens.alice,
          query: "?board=secret",
        }),
        400,
        "bad_request:query",
      );

      const publicResponse = await call(leaderboard, { slug }, `/api/v1/challenges/${slug}/leaderboard`, {
        token: tokens.alice,
      });
      assert.equal(publicResponse.status, 200);
      const publicText = await publicResponse.text();
      assertNoAnswerKey(publicText);
      const publicBoard = (JSON.parse(publicText) as { leaderboard: { entries: Json[] } }).leaderboard;
      assert.equal(publicBoard.entries.length, 1);
      assert.ok(Math.abs(Number(publicBoard.entries[0]?.score) - expectedPublicScore) < 1e-12);

      const csv = await call(leaderboard, { slug }, `/api/v1/challenges/${slug}/leaderboard`, {
        token: tokens.alice,
        query: "?format=csv",
      });
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
      const lines = (await csv.text()).trim().split("\n");
      assert.equal(lines[0], "rank,team,score,entries,last_entry_utc,benchmark");
      assert.equal(lines.length, 2);

      const staffBoard = await call(leaderboard, { slug }, `/api/v1/challenges/${slug}/leaderboard`, {
        token: tokens.staff,
        query: "?board=private",
      });
      assert.equal(staffBoard.status, 200);
      const privateEntries = ((await readJson(staffBoard)).leaderboard as { entries: Json[] }).entries;
      assert.ok(Math.abs(Number(privateEntries[0]?.score) - expectedPrivateScore) < 1e-12);
    });

    test("upload over the limit gets 413 and stores nothing", async () => {
      const before = listUploads(dataDir);
      const tooBig = `id,prediction\n${"1,0.5\n".repeat(Math.ceil((1024 * 1024) / 6))}`;
      assert.ok(Buffer.byteLength(tooBig) > 1024 * 1024);
      await expectError(
        await call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
          method: "POST",
          token: tokens.bob,
          body: uploadForm(tooBig),
        }),
        413,
        "payload_too_large:upload",
      );
      await expectError(
        await call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
          method: "POST",
          token: tokens.bob,
          body: "x",
          headers: {
            "content-type": "multipart/form-data; boundary=x",
            "content-length": String(50 * 1024 * 1024),
          },
        }),
        413,
        "payload_too_large:upload",
      );
      assert.deepEqual(listUploads(dataDir), before);
      const bobsList = await readJson(
        await call(listSubmissions, { slug }, `/api/v1/challenges/${slug}/submissions`, { token: tokens.bob }),
      );
      assert.deepEqual(bobsList.submissions, []);
    });

    test("bad header gets 400 and costs no quota", async () => {
      const error = await expectError(
        await call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
          method: "POST",
          token: tokens.bob,
          body: uploadForm("id,score\n1,0.5\n", "wrong.csv"),
        }),
        400,
        "bad_request:submission",
      );
      assert.match(error.message, /wrong\.csv/);
      assert.match(error.message, /line 1/);
      const bobsList = await readJson(
        await call(listSubmissions, { slug }, `/api/v1/challenges/${slug}/submissions`, { token: tokens.bob }),
      );
      assert.deepEqual(bobsList.submissions, []);
      assert.equal((bobsList.quota as Json).remaining, 3);
    });

    test("missing file field gets 400", async () => {
      const form = new FormData();
      form.set("description", "forgot the file");
      await expectError(
        await call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
          method: "POST",
          token: tokens.bob,
          body: form,
        }),
        400,
        "bad_request:multipart",
      );
    });

    test("daily limit rejects the fourth upload", async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const response = await call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
          method: "POST",
          token: tokens.carol,
          body: uploadForm(predictions),
        });
        statuses.push(response.status);
        if (response.status !== 201) {
          const body = await readJson(response);
          assert.equal((body.error as Json).code, "rate_limited:daily_limit");
        }
      }
      assert.deepEqual(statuses, [201, 201, 201, 429]);
    });

    test("concurrent uploads stop at the daily limit", async () => {
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
            method: "POST",
            token: tokens.dave,
            body: uploadForm(predictions),
          }),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      assert.deepEqual(statuses, [201, 201, 201, 429, 429, 429]);
      const list = await readJson(
        await call(listSubmissions, { slug }, `/api/v1/challenges/${slug}/submissions`, { token: tokens.dave }),
      );
      assert.equal((list.submissions as Json[]).length, 3);
    });

    test("session cookie uploads from the same site only", async () => {
      const sessionToken = await encode({
        token: { userId: alice.id, role: "student" },
        secret: getAuthSecret(),
      });
      const cookie = `next-auth.session-token=${sessionToken}`;
      const crossSite = await call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
        method: "POST",
        cookie,
        headers: { origin: "https://elsewhere.example" },
        body: uploadForm(predictions),
      });
      await expectError(crossSite, 403, "forbidden:cross_site");

      const sameSite = await call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
        method: "POST",
        cookie,
        headers: { origin: "http://127.0.0.1:3000" },
        body: uploadForm(predictions, "from-the-page.csv"),
      });
      assert.equal(sameSite.status, 201);
    });

    test("owner selects a final submission", async () => {
      const response = await call(selectSubmission, { id: aliceSubmissionId }, `/api/v1/submissions/${aliceSubmissionId}/select`, {
        method: "POST",
        token: tokens.alice,
      });
      assert.equal(response.status, 200);
      const selected = (await readJson(response)).selected as Json[];
      assert.deepEqual(selected.map((row) => row.id), [aliceSubmissionId]);

      await expectError(
        await call(selectSubmission, { id: aliceSubmissionId }, `/api/v1/submissions/${aliceSubmissionId}/select`, {
          method: "POST",
          token: tokens.alice,
          body: "{not json",
        }),
        400,
        "bad_request:json",
      );
    });

    test("full final selection names the fix", async () => {
      const erin = await createUser({ email: `erin-${kind}@example.edu`, password: "long enough password" });
      const token = (await createToken(erin.id, "tests")).secret;
      // The fixture allows 2 final submissions, so the third one is rejected.
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
          method: "POST",
          token,
          body: uploadForm(predictions),
        });
        assert.equal(response.status, 201);
        const id = String(((await readJson(response)).submission as Json).id);
        assert.equal((await waitForScore(id, token)).status, "scored");
        ids.push(id);
      }
      for (const id of ids.slice(0, 2)) {
        const response = await call(selectSubmission, { id }, `/api/v1/submissions/${id}/select`, {
          method: "POST",
          token,
        });
        assert.equal(response.status, 200);
      }

      const third = ids[2]!;
      const error = await expectError(
        await call(selectSubmission, { id: third }, `/api/v1/submissions/${third}/select`, {
          method: "POST",
          token,
        }),
        400,
        "bad_request:final_selection",
      );
      assert.match(error.message, /already has 2 final submissions/);
      assert.match(error.message, /"selected": false/);
    });

    test("staff rescore a submission", async () => {
      const response = await call(rescoreSubmission, { id: aliceSubmissionId }, `/api/v1/submissions/${aliceSubmissionId}/rescore`, {
        method: "POST",
        token: tokens.staff,
      });
      assert.equal(response.status, 200);
      const rescored = await waitForScore(aliceSubmissionId, tokens.alice);
      assert.equal(rescored.status, "scored");
      assert.ok(Math.abs(Number(rescored.publicScore) - expectedPublicScore) < 1e-12);
    });

    test("after the close the private board opens", async () => {
      const closed = await call(closeChallenge, { slug }, `/api/v1/challenges/${slug}/close`, {
        method: "POST",
        token: tokens.staff,
      });
      assert.equal(closed.status, 200);
      assert.equal(((await readJson(closed)).challenge as Json).status, "closed");

      const board = await call(leaderboard, { slug }, `/api/v1/challenges/${slug}/leaderboard`, {
        token: tokens.alice,
        query: "?board=private",
      });
      assert.equal(board.status, 200);

      const own = await readJson(
        await call(getSubmission, { id: aliceSubmissionId }, `/api/v1/submissions/${aliceSubmissionId}`, {
          token: tokens.alice,
        }),
      );
      assert.ok(Math.abs(Number((own.submission as Json).privateScore) - expectedPrivateScore) < 1e-12);

      await expectError(
        await call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
          method: "POST",
          token: tokens.alice,
          body: uploadForm(predictions),
        }),
        403,
        "forbidden:challenge_closed",
      );
    });

    test("staff reload the bundles", async () => {
      const response = await call(reload, {}, "/api/v1/admin/reload", { method: "POST", token: tokens.staff });
      assert.equal(response.status, 200);
      const body = await readJson(response);
      assert.deepEqual((body.loaded as Json[]).map((entry) => entry.slug), [slug]);
    });
  });
}

describe("unknown API paths", () => {
  test("get a JSON 404", async () => {
    const { GET: unknownRoute } = await import("@/app/api/v1/[...path]/route");
    const response = await call(unknownRoute, { path: ["nothing", "here"] }, "/api/v1/nothing/here");
    const error = await expectError(response, 404, "not_found:route");
    assert.match(error.message, /GET \/api\/v1\/nothing\/here/);
  });
});
