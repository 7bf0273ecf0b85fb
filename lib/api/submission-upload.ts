import path from "node:path";
import type { Challenge, Submission } from "@/db/schema";
import { loadBundle } from "@/lib/challenge/load";
import type { SubmissionKind } from "@/lib/challenge/definition";
import { readMultipartUpload } from "@/lib/api/multipart";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { checkSubmissionHeader } from "@/lib/reader/predictions";
import {
  challengeStatus,
  effectiveCloseTime,
  getDefinition,
} from "@/lib/server/challenges";
import { getConfig } from "@/lib/server/config";
import { createSubmission, remainingToday } from "@/lib/server/submissions";
import type { PublicUser } from "@/lib/server/users";

const MEBIBYTE = 1024 * 1024;

const kinds: readonly SubmissionKind[] = ["predictions", "model", "parameters"];

/**
 * Picks the submission kind: the `kind` field when given, the challenge's
 * only kind, or a guess from the file extension (.zip and .onnx are models,
 * .json parameters) among the kinds the challenge accepts.
 */
function chooseKind(
  challenge: Challenge,
  requested: string | undefined,
  fileName: string,
): SubmissionKind {
  const accepted = getDefinition(challenge).kinds;
  if (requested) {
    const kind = kinds.find((candidate) => candidate === requested);
    if (!kind) {
      throw new AppError(
        "bad_request:submission_kind",
        `Invalid kind "${requested}": use one of ${accepted.join(", ")}.`,
      );
    }
    return kind;
  }
  if (accepted.length === 1 && accepted[0]) return accepted[0];

  const extension = path.extname(fileName).toLowerCase();
  const guessed: SubmissionKind =
    extension === ".zip" || extension === ".onnx"
      ? "model"
      : extension === ".json"
        ? "parameters"
        : "predictions";
  return accepted.includes(guessed) ? guessed : (accepted[0] ?? guessed);
}

/**
 * Returns the largest upload the challenge accepts in bytes: its own limit
 * for the kind, and never more than ARENA_MAX_UPLOAD_MB.
 */
function uploadLimitBytes(challenge: Challenge): number {
  const definition = getDefinition(challenge);
  const megabytes = Math.max(
    definition.limits.max_file_mb,
    definition.model?.max_size_mb ?? 0,
  );
  return Math.min(getConfig().maxUploadBytes, Math.floor(megabytes * MEBIBYTE));
}

/**
 * Rejects an upload before its body is read when the challenge is not open
 * or the caller has no submissions left today. createSubmission checks both
 * again inside its transaction; this only spares a useless upload.
 */
async function assertCanSubmit(user: PublicUser, challenge: Challenge): Promise<void> {
  const status = challengeStatus(challenge);
  if (status === "upcoming") {
    throw new AppError(
      "forbidden:challenge_not_open",
      `Challenge "${challenge.slug}" opens for submissions at ${challenge.opensAt.toISOString()}.`,
    );
  }
  if (status === "closed") {
    throw new AppError(
      "forbidden:challenge_closed",
      `Challenge "${challenge.slug}" closed at ${effectiveCloseTime(challenge).toISOString()} and accepts no more submissions.`,
    );
  }
  const quota = await remainingToday(user.id, challenge);
  if (quota.remaining <= 0) {
    throw new AppError(
      "rate_limited:daily_limit",
      `You have used all ${quota.limit} submissions allowed per day (UTC) in challenge "${challenge.slug}". The limit resets at ${quota.resetsAt.toISOString()}.`,
      { details: { limit: quota.limit, resetsAt: quota.resetsAt.toISOString() } },
    );
  }
}

/**
 * Accepts a multipart submission upload. Streams the `file` field to
 * storage under the size limit and checks a prediction file's header at
 * once, then records the submission and queues it. A bad header is a 400
 * with the reader's message and costs nothing from the daily limit.
 */
export async function acceptSubmissionUpload(
  request: Request,
  user: PublicUser,
  challenge: Challenge,
): Promise<Submission> {
  await assertCanSubmit(user, challenge);

  const upload = await readMultipartUpload(request, {
    fileField: "file",
    textFields: ["description", "kind"],
    maxBytes: uploadLimitBytes(challenge),
  });
  const { file, fields } = upload;
  const kind = chooseKind(challenge, fields.kind, file.fileName);

  // NOTE: only prediction files are checked at upload time. The scoring job
  // checks parameter and model files and fails them with the same kind of
  // message. A rejected file stays in storage, because another submission
  // may have stored the same bytes.
  if (kind === "predictions" && getDefinition(challenge).submission) {
    const bundle = loadBundle(challenge.bundlePath);
    await checkSubmissionHeader(bundle, file.path, { displayName: file.fileName });
  }

  const submission = await createSubmission({
    challenge: { id: challenge.id },
    userId: user.id,
    kind,
    fileName: file.fileName,
    stored: { sha256: file.sha256, size: file.size },
    description: fields.description,
  });
  logger.info(
    { submissionId: submission.id, userId: user.id, bytes: file.size },
    "stored an uploaded submission",
  );
  return submission;
}
