import { and, asc, desc, eq, isNotNull, max, ne, or, isNull, sql } from "drizzle-orm";

import { getDb, type Database } from "@/db";
import { submissions, teams, type Challenge, type Submission, type User } from "@/db/schema";
import type { CheckResult } from "@/lib/scoring/types";
import {
  challengeDirection,
  challengeStatus,
  getDefinition,
} from "@/lib/server/challenges";
import { finalSelectionLimit, getTeamForUser } from "@/lib/server/submissions";
import type { Direction } from "@/scorers";

export type Board = "public" | "private";

export interface LeaderboardEntry {
  /** 1 for the best team; null for benchmark rows, which are not ranked. */
  rank: number | null;
  teamId: string | null;
  /** The team's name, or the baseline's label for a benchmark row. */
  teamName: string;
  score: number;
  /** The submission that gave the score. */
  submissionId: string;
  submittedAt: Date;
  /** The team's submissions in the challenge, platform failures excluded. */
  entries: number;
  lastEntryAt: Date;
  isBenchmark: boolean;
}

/** A submission of the viewer's team that failed a gating check. */
export interface FailedCheckSubmission {
  submissionId: string;
  submittedAt: Date;
  publicScore: number | null;
  /** The failed checks, e.g. `ks_agreement: 0.12 is not < 0.09`. */
  reason: string;
}

export interface Leaderboard {
  challengeId: string;
  slug: string;
  board: Board;
  direction: Direction;
  /** Best first, benchmark rows placed by their score. */
  entries: LeaderboardEntry[];
  referenceLines: { label: string; value: number }[];
  /** Only for the viewer's own team; empty for anonymous viewers. */
  ownFailedChecks: FailedCheckSubmission[];
  generatedAt: Date;
}

export interface LeaderboardOptions {
  /** The viewer; their own failing-check submissions are listed. */
  viewerId?: string;
  db?: Database;
}

/**
 * Checks whether `user` may see the private leaderboard and private
 * scores: staff always, everyone else once the challenge has closed.
 */
export function canViewPrivate(
  user: Pick<User, "role"> | null | undefined,
  challenge: Challenge,
  now: Date = new Date(),
): boolean {
  if (user?.role === "staff") return true;
  return challengeStatus(challenge, now) === "closed";
}

/** Orders better scores first, then earlier submissions. */
function compareEntries(direction: Direction) {
  return (a: { score: number; submittedAt: Date }, b: { score: number; submittedAt: Date }) => {
    if (a.score !== b.score) {
      return direction === "maximize" ? b.score - a.score : a.score - b.score;
    }
    return a.submittedAt.getTime() - b.submittedAt.getTime();
  };
}

/** Numbers the team rows 1, 2, ... in order; benchmarks get no rank. */
function assignRanks(entries: LeaderboardEntry[]): LeaderboardEntry[] {
  let rank = 0;
  return entries.map((entry) => {
    if (entry.isBenchmark) return entry;
    rank += 1;
    return { ...entry, rank };
  });
}

async function teamStatistics(db: Database, challengeId: string) {
  const rows = await db
    .select({
      teamId: submissions.teamId,
      name: teams.name,
      entries: sql<number>`count(*)::int`,
      lastEntryAt: max(submissions.createdAt),
    })
    .from(submissions)
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .where(
      and(
        eq(submissions.challengeId, challengeId),
        or(isNull(submissions.failureKind), ne(submissions.failureKind, "platform")),
      ),
    )
    .groupBy(submissions.teamId, teams.name);
  return new Map(rows.map((row) => [row.teamId, row]));
}

/** Scored submissions that passed every gating check, benchmarks included. */
function rankable(challengeId: string) {
  return and(
    eq(submissions.challengeId, challengeId),
    eq(submissions.status, "scored"),
    or(isNull(submissions.passedChecks), eq(submissions.passedChecks, true)),
  );
}

function describeFailedChecks(checks: unknown): string {
  if (!Array.isArray(checks)) return "A gating check failed.";
  const failed = (checks as CheckResult[]).filter((check) => !check.passed);
  if (failed.length === 0) return "A gating check failed.";
  return failed
    .map((check) => {
      const name = check.title ?? check.name;
      return `${name}: ${check.value} is not ${check.comparison} ${check.threshold}`;
    })
    .join("; ");
}

async function ownFailedChecks(
  db: Database,
  challenge: Challenge,
  viewerId: string | undefined,
): Promise<FailedCheckSubmission[]> {
  if (!viewerId) return [];
  const team = await getTeamForUser(viewerId, challenge.id, db);
  if (!team) return [];
  const rows = await db
    .select()
    .from(submissions)
    .where(
      and(
        eq(submissions.teamId, team.id),
        eq(submissions.status, "scored"),
        eq(submissions.passedChecks, false),
      ),
    )
    .orderBy(desc(submissions.createdAt));
  return rows.map((row) => ({
    submissionId: row.id,
    submittedAt: row.createdAt,
    publicScore: row.publicScore,
    reason: describeFailedChecks(row.checks),
  }));
}

function benchmarkEntry(row: Submission, score: number): LeaderboardEntry {
  return {
    rank: null,
    teamId: null,
    teamName: row.description || "Baseline",
    score,
    submissionId: row.id,
    submittedAt: row.createdAt,
    entries: 1,
    lastEntryAt: row.createdAt,
    isBenchmark: true,
  };
}

async function publicEntries(db: Database, challenge: Challenge, direction: Direction) {
  const scoreOrder =
    direction === "maximize" ? desc(submissions.publicScore) : asc(submissions.publicScore);
  // One row per team: its best public score, the earlier submission on a tie.
  const best = await db
    .selectDistinctOn([submissions.teamId])
    .from(submissions)
    .where(and(rankable(challenge.id), isNotNull(submissions.publicScore)))
    .orderBy(submissions.teamId, scoreOrder, asc(submissions.createdAt), asc(submissions.id));
  return best;
}

/** Builds the entry of a team from its chosen submission. */
function teamEntry(
  row: Submission,
  score: number,
  statistics: Awaited<ReturnType<typeof teamStatistics>>,
): LeaderboardEntry {
  const team = statistics.get(row.teamId);
  return {
    rank: null,
    teamId: row.teamId,
    teamName: team?.name ?? "",
    score,
    submissionId: row.id,
    submittedAt: row.createdAt,
    entries: team?.entries ?? 1,
    lastEntryAt: team?.lastEntryAt ?? row.createdAt,
    isBenchmark: false,
  };
}

/**
 * Computes the public leaderboard from the submissions. Each team's entry
 * is its best public score by the metric's direction among its scored
 * submissions that passed the gating checks, and the earlier submission
 * wins a tie. Benchmark rows (unranked) and the definition's reference
 * lines are included.
 */
export async function getPublicLeaderboard(
  challenge: Challenge,
  options: LeaderboardOptions = {},
): Promise<Leaderboard> {
  const db = options.db ?? getDb();
  const definition = getDefinition(challenge);
  const direction = challengeDirection(definition);
  const statistics = await teamStatistics(db, challenge.id);

  const entries: LeaderboardEntry[] = [];
  for (const row of await publicEntries(db, challenge, direction)) {
    if (row.publicScore === null) continue;
    entries.push(
      row.isBenchmark || row.teamId === null
        ? benchmarkEntry(row, row.publicScore)
        : teamEntry(row, row.publicScore, statistics),
    );
  }
  entries.sort(compareEntries(direction));

  return {
    challengeId: challenge.id,
    slug: challenge.slug,
    board: "public",
    direction,
    entries: assignRanks(entries),
    referenceLines: definition.reference_lines,
    ownFailedChecks: await ownFailedChecks(db, challenge, options.viewerId),
    generatedAt: new Date(),
  };
}

/**
 * Picks the submissions of one team that compete on the private
 * leaderboard: the ones it selected, or by default its best public ones,
 * up to `limit`. `rows` are the team's rankable submissions.
 */
export function finalSubmissionsOfTeam(
  rows: Submission[],
  limit: number,
  direction: Direction,
): Submission[] {
  const selected = rows.filter((row) => row.selectedFinal);
  if (selected.length > 0) return selected.slice(0, limit);
  const withScore = rows.filter((row) => row.publicScore !== null);
  const order = compareEntries(direction);
  return withScore
    .map((row) => ({ row, score: row.publicScore as number, submittedAt: row.createdAt }))
    .sort(order)
    .slice(0, limit)
    .map((item) => item.row);
}

/**
 * Computes the private leaderboard: for each team, the best private score
 * among its final submissions (see `finalSubmissionsOfTeam`), ranked by
 * the metric's direction with the earlier submission winning a tie. The
 * caller must check `canViewPrivate` first.
 */
export async function getPrivateLeaderboard(
  challenge: Challenge,
  options: LeaderboardOptions = {},
): Promise<Leaderboard> {
  const db = options.db ?? getDb();
  const definition = getDefinition(challenge);
  const direction = challengeDirection(definition);
  const limit = finalSelectionLimit(challenge);
  const statistics = await teamStatistics(db, challenge.id);

  const rows = await db
    .select()
    .from(submissions)
    .where(rankable(challenge.id))
    .orderBy(asc(submissions.createdAt));
  const byTeam = new Map<string, Submission[]>();
  const entries: LeaderboardEntry[] = [];
  for (const row of rows) {
    if (row.isBenchmark || row.teamId === null) {
      if (row.privateScore !== null) entries.push(benchmarkEntry(row, row.privateScore));
      continue;
    }
    const list = byTeam.get(row.teamId) ?? [];
    list.push(row);
    byTeam.set(row.teamId, list);
  }

  const order = compareEntries(direction);
  for (const teamRows of byTeam.values()) {
    const candidates = finalSubmissionsOfTeam(teamRows, limit, direction)
      .filter((row) => row.privateScore !== null)
      .map((row) => ({ row, score: row.privateScore as number, submittedAt: row.createdAt }))
      .sort(order);
    const best = candidates[0];
    if (best) entries.push(teamEntry(best.row, best.score, statistics));
  }
  entries.sort(order);

  return {
    challengeId: challenge.id,
    slug: challenge.slug,
    board: "private",
    direction,
    entries: assignRanks(entries),
    referenceLines: definition.reference_lines,
    ownFailedChecks: await ownFailedChecks(db, challenge, options.viewerId),
    generatedAt: new Date(),
  };
}

/** Returns the public or private leaderboard of a challenge. */
export async function getLeaderboard(
  challenge: Challenge,
  board: Board,
  options: LeaderboardOptions = {},
): Promise<Leaderboard> {
  return board === "private"
    ? getPrivateLeaderboard(challenge, options)
    : getPublicLeaderboard(challenge, options);
}

/**
 * Quotes a CSV field. A field that a spreadsheet would read as a formula
 * (starting with =, +, -, @, tab or carriage return) gets a leading
 * apostrophe, because team names are chosen by users.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Formats a leaderboard as CSV with a header line:
 * rank,team,score,entries,last_entry_utc,benchmark. Benchmark rows have an
 * empty rank.
 */
export function toCsv(leaderboard: Leaderboard): string {
  const lines = ["rank,team,score,entries,last_entry_utc,benchmark"];
  for (const entry of leaderboard.entries) {
    lines.push(
      [
        entry.rank === null ? "" : String(entry.rank),
        csvField(entry.teamName),
        String(entry.score),
        String(entry.entries),
        entry.lastEntryAt.toISOString(),
        entry.isBenchmark ? "true" : "false",
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
