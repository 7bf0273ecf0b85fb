import path from "node:path";
import type { Challenge, Submission } from "@/db/schema";
import { loadBundle } from "@/lib/challenge/load";
import type { SubmissionKind } from "@/lib/challenge/definition";
import { readMultipartUpload } from "@/lib/api/multipart";
import { withModelCheckSlot } from "@/lib/api/upload-slots";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { checkModelUpload } from "@/lib/models/score";
import { readParameterFile, validateParameters } from "@/lib/reader/parameters";
import { checkSubmissionHeader } from "@/lib/reader/predictions";
import { loadObjective } from "@/lib/scoring/objective";
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

/** The file types of each kind, for messages. */
const kindFiles: Record<SubmissionKind, string> = {
  predictions: "prediction files (.csv or .csv.gz)",
  model: "models (.onnx, or a .zip of a TensorFlow.js model)",
  parameters: "parameter files (.json or a one-row .csv)",
};

/**
 * Picks the submission kind: the `kind` field when given, else a guess from
 * the file extension (.onnx and .zip are models). Other files are parameter
 * files in a parameter challenge, which accepts no other kind, and
 * prediction files elsewhere. Rejects a kind the challenge does not accept
 * with a 400 that lists what it accepts.
 */
function chooseKind(
  challenge: Challenge,
  requested: string | undefined,
  fileName: string,
): SubmissionKind {
  const accepted = getDefinition(challenge).kinds;
  const acceptedFiles = accepted.map((kind) => kindFiles[kind]).join(" or ");
  let kind: SubmissionKind;
  if (requested) {
    const known = kinds.find((candidate) => candidate === requested);
    if (!known) {
      throw new AppError(
        "bad_request:submission_kind",
        `Invalid kind "${requested}": use one of ${accepted.join(", ")}.`,
      );
    }
    kind = known;
  } else {
    const extension = path.extname(fileName).toLowerCase();
    if (extension === ".zip" || extension === ".onnx") kind = "model";
    else if (accepted.includes("parameters")) kind = "parameters";
    else kind = "predictions";
  }

  if (!accepted.includes(kind)) {
    throw new AppError(
      "bad_request:submission_kind",
      `Challenge "${challenge.slug}" does not accept ${kindFiles[kind]}, so "${fileName}" was rejected. Upload ${acceptedFiles}.`,
    );
  }
  return kind;
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
 * Checks an uploaded file before it is recorded, so that a bad file is a
 * 400 with the checker's message. It checks a prediction file's header, a
 * model's format and interface with a trial run in the model sandbox, and
 * a parameter file against the objective's schema. A user has one model
 * check running at a time. A rejected file stays in storage, because
 * another submission may have stored the same bytes.
 */
async function checkUploadedFile(
  user: PublicUser,
  challenge: Challenge,
  kind: SubmissionKind,
  file: { path: string; fileName: string },
): Promise<void> {
  const bundle = loadBundle(challenge.bundlePath);
  const displayName = file.fileName;
  if (kind === "predictions") {
    await checkSubmissionHeader(bundle, file.path, { displayName });
  } else if (kind === "model") {
    await withModelCheckSlot(user.id, () => checkModelUpload(bundle, file.path, displayName));
  } else {
    const raw = await readParameterFile(file.path, { displayName });
    const objective = await loadObjective(bundle);
    validateParameters(objective.parametersSchema, raw, displayName);
  }
}

/**
 * Accepts a multipart submission upload. Streams the `file` field to
 * storage under the size limit and checks the file at once, then records
 * the submission and queues it. A file that fails its check is a 400 with
 * the checker's message and costs nothing from the daily limit.
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

  await checkUploadedFile(user, challenge, kind, file);

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
