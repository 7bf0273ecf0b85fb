import type { Challenge, Submission } from "@/db/schema";
import type { ChallengeDefinition } from "@/lib/challenge/definition";
import {
  challengeDirection,
  challengeStatus,
  effectiveCloseTime,
  getDefinition,
  type ChallengeStatus,
} from "@/lib/server/challenges";
import { canViewPrivate } from "@/lib/server/leaderboard";
import type { PublicUser } from "@/lib/server/users";

/**
 * The public JSON of a challenge. It is built field by field from the
 * definition, so the answer key's path, its split and the bundle folder
 * never reach a response.
 */
export interface ChallengeJson {
  slug: string;
  title: string;
  summary: string;
  status: ChallengeStatus;
  opensAt: string;
  /** When submissions stop: the early close if staff set one. */
  closesAt: string;
  closedEarly: boolean;
  kinds: ChallengeDefinition["kinds"];
  direction: "maximize" | "minimize";
  metric: string | null;
  limits: {
    dailySubmissions: number;
    maxFileMb: number;
    finalSelections: number;
  };
  /** The columns of a prediction file, the id column first. */
  submissionColumns: { name: string; type: string }[] | null;
  checks: { name: string; title: string | null; comparison: string; threshold: number }[];
  referenceLines: { label: string; value: number }[];
  publicFiles: { path: string; description: string; url: string }[];
}

/** The JSON of a submission as its owner or staff may see it. */
export interface SubmissionJson {
  id: string;
  challenge: string;
  kind: Submission["kind"];
  status: Submission["status"];
  publicScore: number | null;
  /** Present only for staff and after the challenge closes. */
  privateScore?: number | null;
  checks: unknown;
  passedChecks: boolean | null;
  error: string | null;
  /** "submission" when the file was at fault, "platform" when we were. */
  failureKind: Submission["failureKind"];
  fileName: string;
  fileSize: number;
  description: string;
  rowCount: number | null;
  selectedFinal: boolean;
  createdAt: string;
  scoredAt: string | null;
}

function publicFileUrl(slug: string, relativePath: string): string {
  const encoded = relativePath.split("/").map(encodeURIComponent).join("/");
  return `/challenges/${encodeURIComponent(slug)}/files/${encoded}`;
}

/**
 * Lists the downloadable files. A challenge that accepts only models runs
 * them on its feature file itself, so that file is not offered.
 */
function offeredFiles(definition: ChallengeDefinition, slug: string) {
  const modelOnly = definition.kinds.every((kind) => kind === "model");
  const featuresFile = definition.model?.features_file;
  return definition.public_files
    .filter((file) => !(modelOnly && file.path === featuresFile))
    .map((file) => ({
      path: file.path,
      description: file.description,
      url: publicFileUrl(slug, file.path),
    }));
}

/** Builds the public JSON of a challenge row. */
export function challengeToJson(challenge: Challenge, now: Date = new Date()): ChallengeJson {
  const definition = getDefinition(challenge);
  const closesAt = effectiveCloseTime(challenge);
  const format = definition.submission;
  return {
    slug: challenge.slug,
    title: challenge.title,
    summary: definition.summary,
    status: challengeStatus(challenge, now),
    opensAt: challenge.opensAt.toISOString(),
    closesAt: closesAt.toISOString(),
    closedEarly: closesAt.getTime() !== challenge.closesAt.getTime(),
    kinds: definition.kinds,
    direction: challengeDirection(definition),
    metric: definition.metric?.id ?? null,
    limits: {
      dailySubmissions: definition.limits.daily_submissions,
      maxFileMb: definition.limits.max_file_mb,
      finalSelections: definition.limits.final_selections,
    },
    submissionColumns: format
      ? [
          { name: format.id_column, type: "id" },
          ...format.columns.map((column) => ({ name: column.name, type: column.type })),
        ]
      : null,
    checks: definition.checks.map((check) => ({
      name: check.name,
      title: check.title ?? null,
      comparison: check.comparison,
      threshold: check.threshold,
    })),
    referenceLines: definition.reference_lines,
    publicFiles: offeredFiles(definition, challenge.slug),
  };
}

/** Builds the JSON of a submission; `privateScore` only where allowed. */
export function submissionToJson(
  submission: Submission,
  challenge: Challenge,
  viewer: Pick<PublicUser, "role"> | undefined,
  now: Date = new Date(),
): SubmissionJson {
  const json: SubmissionJson = {
    id: submission.id,
    challenge: challenge.slug,
    kind: submission.kind,
    status: submission.status,
    publicScore: submission.publicScore,
    checks: submission.checks ?? [],
    passedChecks: submission.passedChecks,
    error: submission.error,
    failureKind: submission.failureKind,
    fileName: submission.fileName,
    fileSize: submission.fileSize,
    description: submission.description,
    rowCount: submission.rowCount,
    selectedFinal: submission.selectedFinal,
    createdAt: submission.createdAt.toISOString(),
    scoredAt: submission.scoredAt?.toISOString() ?? null,
  };
  if (canViewPrivate(viewer, challenge, now)) {
    json.privateScore = submission.privateScore;
  }
  return json;
}
