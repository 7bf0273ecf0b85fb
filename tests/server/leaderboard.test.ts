import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import type { Database } from "@/db";
import { submissions, teamMembers, teams, type Challenge, type User } from "@/db/schema";
import type { ChallengeDefinition } from "@/lib/challenge/definition";
import {
  canViewPrivate,
  getPrivateLeaderboard,
  getPublicLeaderboard,
  toCsv,
} from "@/lib/server/leaderboard";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/db";
import { insertChallenge, insertUser } from "./fixtures";

interface Scored {
  publicScore: number;
  privateScore: number;
  createdAt: string;
  passedChecks?: boolean;
  selectedFinal?: boolean;
}

const failedCheck = [
  {
    name: "ks_agreement",
    title: undefined,
    metric: "ks",
    value: 0.12,
    comparison: "<",
    threshold: 0.09,
    passed: false,
  },
];

/** Inserts a team of one for `user` with scored submissions. */
async function insertTeam(
  db: Database,
  challenge: Challenge,
  user: User,
  name: string,
  rows: Scored[],
): Promise<{ teamId: string; ids: string[] }> {
  const team = (await db.insert(teams).values({ challengeId: challenge.id, name }).returning())[0];
  assert.ok(team);
  await db.insert(teamMembers).values({ teamId: team.id, userId: user.id, challengeId: challenge.id });
  const ids: string[] = [];
  for (const row of rows) {
    const inserted = await db
      .insert(submissions)
      .values({
        challengeId: challenge.id,
        teamId: team.id,
        userId: user.id,
        kind: "predictions",
        fileName: "p.csv",
        fileSha256: "b".repeat(64),
        fileSize: 1,
        status: "scored",
        publicScore: row.publicScore,
        privateScore: row.privateScore,
        passedChecks: row.passedChecks ?? true,
        checks: row.passedChecks === false ? failedCheck : [],
        selectedFinal: row.selectedFinal ?? false,
        createdAt: new Date(row.createdAt),
      })
      .returning({ id: submissions.id });
    ids.push(inserted[0]?.id ?? "");
  }
  return { teamId: team.id, ids };
}

async function insertBenchmark(db: Database, challenge: Challenge, publicScore: number, privateScore: number) {
  await db.insert(submissions).values({
    challengeId: challenge.id,
    kind: "predictions",
    description: "Baseline",
    fileName: "baseline.csv",
    fileSha256: "c".repeat(64),
    fileSize: 1,
    status: "scored",
    publicScore,
    privateScore,
    passedChecks: true,
    isBenchmark: true,
    countsTowardQuota: false,
  });
}

function minimizing(definition: ChallengeDefinition): ChallengeDefinition {
  return {
    ...definition,
    parameters: { objective: "objective.ts", direction: "minimize", files: {} },
  };
}

for (const kind of databaseKinds) {
  describe(`leaderboard on ${kind}`, () => {
    let database: TestDatabase;

    before(async () => {
      database = await createTestDatabase(kind);
    });

    after(async () => {
      await database.close();
    });

    test("public board maximize with ties and gating", async () => {
      const db = database.db;
      const challenge = await insertChallenge(db);
      const alice = await insertUser(db);
      const bob = await insertUser(db);
      const carol = await insertUser(db);
      const dave = await insertUser(db);
      await insertTeam(db, challenge, alice, "Alice", [
        { publicScore: 0.6, privateScore: 0.6, createdAt: "2030-01-01T10:00:00Z" },
        { publicScore: 0.8, privateScore: 0.7, createdAt: "2030-01-02T10:00:00Z" },
      ]);
      await insertTeam(db, challenge, bob, "Bob", [
        { publicScore: 0.8, privateScore: 0.75, createdAt: "2030-01-01T09:00:00Z" },
      ]);
      const carolTeam = await insertTeam(db, challenge, carol, "Carol", [
        { publicScore: 0.9, privateScore: 0.9, createdAt: "2030-01-01T08:00:00Z", passedChecks: false },
        { publicScore: 0.5, privateScore: 0.55, createdAt: "2030-01-03T08:00:00Z" },
      ]);
      await insertTeam(db, challenge, dave, "Dave", [
        { publicScore: 0.95, privateScore: 0.95, createdAt: "2030-01-01T08:00:00Z", passedChecks: false },
      ]);
      await insertBenchmark(db, challenge, 0.7, 0.65);

      const board = await getPublicLeaderboard(challenge, { viewerId: carol.id });
      assert.equal(board.direction, "maximize");
      assert.deepEqual(
        board.entries.map((entry) => [entry.rank, entry.teamName, entry.score]),
        [
          [1, "Bob", 0.8],
          [2, "Alice", 0.8],
          [null, "Baseline", 0.7],
          [3, "Carol", 0.5],
        ],
      );
      const aliceEntry = board.entries.find((entry) => entry.teamName === "Alice");
      assert.equal(aliceEntry?.entries, 2);
      assert.equal(aliceEntry?.lastEntryAt.toISOString(), "2030-01-02T10:00:00.000Z");
      const carolEntry = board.entries.find((entry) => entry.teamName === "Carol");
      assert.equal(carolEntry?.entries, 2);
      assert.deepEqual(board.referenceLines, [{ label: "Pass", value: 0.6 }]);

      assert.equal(board.ownFailedChecks.length, 1);
      assert.equal(board.ownFailedChecks[0]?.submissionId, carolTeam.ids[0]);
      assert.match(board.ownFailedChecks[0]?.reason ?? "", /ks_agreement: 0\.12 is not < 0\.09/);

      const anonymous = await getPublicLeaderboard(challenge);
      assert.deepEqual(anonymous.ownFailedChecks, []);
      const asAlice = await getPublicLeaderboard(challenge, { viewerId: alice.id });
      assert.deepEqual(asAlice.ownFailedChecks, []);
    });

    test("public board minimize orders ascending", async () => {
      const db = database.db;
      const challenge = await insertChallenge(db, { change: minimizing });
      const users = [await insertUser(db), await insertUser(db), await insertUser(db)];
      const scores = [0.3, 0.1, 0.2];
      for (const [index, user] of users.entries()) {
        await insertTeam(db, challenge, user, `Team ${index}`, [
          { publicScore: scores[index] ?? 0, privateScore: 0, createdAt: "2030-01-01T00:00:00Z" },
          { publicScore: 0.9, privateScore: 0, createdAt: "2030-01-01T01:00:00Z" },
        ]);
      }
      const board = await getPublicLeaderboard(challenge);
      assert.equal(board.direction, "minimize");
      assert.deepEqual(
        board.entries.map((entry) => [entry.rank, entry.teamName, entry.score]),
        [
          [1, "Team 1", 0.1],
          [2, "Team 2", 0.2],
          [3, "Team 0", 0.3],
        ],
      );
    });

    test("private board uses the final selection", async () => {
      const db = database.db;
      const challenge = await insertChallenge(db);
      const alice = await insertUser(db);
      const bob = await insertUser(db);
      const carol = await insertUser(db);
      // Alice selected two that are not her best public ones: the best
      // private score among them (0.72) counts, not her 0.99.
      await insertTeam(db, challenge, alice, "Alice", [
        { publicScore: 0.9, privateScore: 0.99, createdAt: "2030-01-01T00:00:00Z" },
        { publicScore: 0.6, privateScore: 0.72, createdAt: "2030-01-02T00:00:00Z", selectedFinal: true },
        { publicScore: 0.7, privateScore: 0.65, createdAt: "2030-01-03T00:00:00Z", selectedFinal: true },
      ]);
      // Bob selected nothing: his two best public (0.85 and 0.8) compete,
      // so the best private among them is 0.78, not the 0.97 of his third.
      await insertTeam(db, challenge, bob, "Bob", [
        { publicScore: 0.85, privateScore: 0.7, createdAt: "2030-01-01T00:00:00Z" },
        { publicScore: 0.8, privateScore: 0.78, createdAt: "2030-01-02T00:00:00Z" },
        { publicScore: 0.5, privateScore: 0.97, createdAt: "2030-01-03T00:00:00Z" },
      ]);
      // Carol's failing-check submission never competes.
      await insertTeam(db, challenge, carol, "Carol", [
        { publicScore: 0.99, privateScore: 0.99, createdAt: "2030-01-01T00:00:00Z", passedChecks: false },
        { publicScore: 0.4, privateScore: 0.5, createdAt: "2030-01-02T00:00:00Z" },
      ]);
      await insertBenchmark(db, challenge, 0.6, 0.6);

      const board = await getPrivateLeaderboard(challenge);
      assert.equal(board.board, "private");
      assert.deepEqual(
        board.entries.map((entry) => [entry.rank, entry.teamName, entry.score]),
        [
          [1, "Bob", 0.78],
          [2, "Alice", 0.72],
          [null, "Baseline", 0.6],
          [3, "Carol", 0.5],
        ],
      );
    });

    test("private board breaks ties by submission time", async () => {
      const db = database.db;
      const challenge = await insertChallenge(db);
      const late = await insertUser(db);
      const early = await insertUser(db);
      await insertTeam(db, challenge, late, "Late", [
        { publicScore: 0.7, privateScore: 0.8, createdAt: "2030-01-05T00:00:00Z" },
      ]);
      await insertTeam(db, challenge, early, "Early", [
        { publicScore: 0.6, privateScore: 0.8, createdAt: "2030-01-04T00:00:00Z" },
      ]);
      const board = await getPrivateLeaderboard(challenge);
      assert.deepEqual(
        board.entries.map((entry) => entry.teamName),
        ["Early", "Late"],
      );
    });

    test("CSV lists rows and escapes formulas", async () => {
      const db = database.db;
      const challenge = await insertChallenge(db);
      const user = await insertUser(db);
      await insertTeam(db, challenge, user, '=HYPERLINK("x"),1', [
        { publicScore: 0.625, privateScore: 0.5, createdAt: "2030-01-01T00:00:00Z" },
      ]);
      await insertBenchmark(db, challenge, 0.5, 0.5);
      const board = await getPublicLeaderboard(challenge);
      const lines = toCsv(board).trimEnd().split("\n");
      assert.equal(lines[0], "rank,team,score,entries,last_entry_utc,benchmark");
      assert.equal(lines[1], `1,"'=HYPERLINK(""x""),1",0.625,1,2030-01-01T00:00:00.000Z,false`);
      assert.match(lines[2] ?? "", /^,Baseline,0\.5,1,.*,true$/);
      assert.equal(lines.length, 3);
    });

    test("private view allowed to staff or after close", async () => {
      const db = database.db;
      const challenge = await insertChallenge(db, {
        opensAt: new Date("2030-01-01T00:00:00Z"),
        closesAt: new Date("2030-02-01T00:00:00Z"),
      });
      const during = new Date("2030-01-15T00:00:00Z");
      const afterClose = new Date("2030-02-01T00:00:00Z");
      assert.equal(canViewPrivate({ role: "student" }, challenge, during), false);
      assert.equal(canViewPrivate(undefined, challenge, during), false);
      assert.equal(canViewPrivate({ role: "staff" }, challenge, during), true);
      assert.equal(canViewPrivate({ role: "student" }, challenge, afterClose), true);
      const closedEarly = { ...challenge, closedEarlyAt: new Date("2030-01-10T00:00:00Z") };
      assert.equal(canViewPrivate({ role: "student" }, closedEarly, during), true);
    });
  });
}
