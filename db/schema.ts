import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("role", ["student", "staff"]);

export const submissionStatusEnum = pgEnum("submission_status", [
  "queued",
  "scoring",
  "scored",
  "failed",
]);

/** Whether a failed submission was the participant's fault or ours. */
export const failureKindEnum = pgEnum("failure_kind", [
  "submission",
  "platform",
]);

export const submissionKindEnum = pgEnum("submission_kind", [
  "predictions",
  "parameters",
  "model",
]);

const createdAt = () =>
  timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  /** argon2id hash; null for accounts that only sign in through OAuth. */
  passwordHash: text("password_hash"),
  role: roleEnum("role").notNull().default("student"),
  createdAt: createdAt(),
});

/** OAuth identities linked to a user (provider + the provider's user id). */
export const accounts = pgTable(
  "accounts",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.provider, table.providerAccountId] })],
);

/** Personal API tokens; only the SHA-256 of the secret is stored. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The first characters of the token, shown so users can tell them apart. */
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [index("api_tokens_user_idx").on(table.userId)],
);

/** Failed sign-in attempts per key (an email or a client address). */
export const signInAttempts = pgTable("sign_in_attempts", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true })
    .notNull()
    .defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

/**
 * A challenge loaded from a bundle folder. `definition` is the validated
 * definition file; the bundle on disk stays the source of truth and a
 * reload replaces this row's copy.
 */
export const challenges = pgTable("challenges", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  bundlePath: text("bundle_path").notNull(),
  definition: jsonb("definition").notNull(),
  opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
  closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
  /** Set when staff close the challenge before `closesAt`. */
  closedEarlyAt: timestamp("closed_early_at", { withTimezone: true }),
  /**
   * SHA-256 of the definition file and baseline as last loaded; a new value
   * makes the next sync score the baseline again.
   */
  bundleVersion: text("bundle_version").notNull().default(""),
  loadedAt: timestamp("loaded_at", { withTimezone: true })
    .notNull()
    .defaultNow(),
  createdAt: createdAt(),
});

/**
 * A team competes in one challenge. A student who competes alone is a team
 * of one, created with their first submission.
 */
export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    challengeId: uuid("challenge_id")
      .notNull()
      .references(() => challenges.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("teams_challenge_idx").on(table.challengeId)],
);

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    challengeId: uuid("challenge_id")
      .notNull()
      .references(() => challenges.id, { onDelete: "cascade" }),
    joinedAt: timestamp("joined_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.teamId, table.userId] }),
    // One team per user and challenge.
    uniqueIndex("team_members_user_challenge_idx").on(
      table.userId,
      table.challengeId,
    ),
  ],
);

export const submissions = pgTable(
  "submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    challengeId: uuid("challenge_id")
      .notNull()
      .references(() => challenges.id, { onDelete: "cascade" }),
    /** Null only for benchmark rows (the challenge's baseline). */
    teamId: uuid("team_id").references(() => teams.id, {
      onDelete: "cascade",
    }),
    userId: uuid("user_id").references(() => users.id, {
      onDelete: "set null",
    }),
    kind: submissionKindEnum("kind").notNull(),
    description: text("description").notNull().default(""),
    fileName: text("file_name").notNull(),
    /** SHA-256 of the uploaded file, which names it in the data folder. */
    fileSha256: text("file_sha256").notNull(),
    fileSize: integer("file_size").notNull(),
    status: submissionStatusEnum("status").notNull().default("queued"),
    failureKind: failureKindEnum("failure_kind"),
    /** The reason a submission failed, safe to show to its owner. */
    error: text("error"),
    publicScore: doublePrecision("public_score"),
    privateScore: doublePrecision("private_score"),
    /** Gating checks: [{ name, value, threshold, passed }]. */
    checks: jsonb("checks"),
    /** False when a gating check failed; such a submission is not ranked. */
    passedChecks: boolean("passed_checks"),
    /** Public-part ROC curve, at most a few hundred points, if any. */
    rocCurve: jsonb("roc_curve"),
    /** Other per-metric output (e.g. the fitted curve of a parameter set). */
    details: jsonb("details"),
    rowCount: integer("row_count"),
    /** Whether the submission counts against the daily limit. */
    countsTowardQuota: boolean("counts_toward_quota").notNull().default(true),
    /** Chosen by the team for the private leaderboard. */
    selectedFinal: boolean("selected_final").notNull().default(false),
    isBenchmark: boolean("is_benchmark").notNull().default(false),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
    /** When the latest scoring job was queued; the sweeper reads it. */
    queuedAt: timestamp("queued_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    scoredAt: timestamp("scored_at", { withTimezone: true }),
  },
  (table) => [
    index("submissions_challenge_status_idx").on(
      table.challengeId,
      table.status,
    ),
    index("submissions_team_created_idx").on(table.teamId, table.createdAt),
    index("submissions_user_created_idx").on(table.userId, table.createdAt),
    index("submissions_status_queued_idx").on(table.status, table.queuedAt),
    index("submissions_public_score_idx")
      .on(table.challengeId, table.publicScore)
      .where(sql`status = 'scored'`),
  ],
);

export type User = typeof users.$inferSelect;
export type Challenge = typeof challenges.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Submission = typeof submissions.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
