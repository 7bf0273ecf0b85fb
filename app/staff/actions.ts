"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";

import { isStaff } from "@/lib/auth/roles";
import { getSessionUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import {
  closeChallengeEarly,
  getChallengeBySlug,
  syncBundles,
} from "@/lib/server/challenges";
import {
  getSubmissionById,
  rescoreChallenge,
  rescoreSubmission,
} from "@/lib/server/submissions";
import type { PublicUser } from "@/lib/server/users";

/** The outcome of a staff action, shown next to its button. */
export type StaffActionState =
  | { status: "idle" }
  | { status: "done"; message: string }
  | { status: "failed"; message: string };

/**
 * Runs `work` for a signed-in staff user. Every staff action goes through
 * here, so the role is checked on each call and not only by the page.
 */
async function asStaff(
  work: (user: PublicUser) => Promise<string>,
): Promise<StaffActionState> {
  const user = await getSessionUser();
  if (!user) return { status: "failed", message: "Your session has expired. Sign in again." };
  if (!isStaff(user)) {
    logger.warn({ userId: user.id }, "staff action rejected for a non-staff user");
    return { status: "failed", message: "Only course staff can do this." };
  }
  try {
    return { status: "done", message: await work(user) };
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      return { status: "failed", message: error.message };
    }
    logger.error({ userId: user.id, err: error }, "staff action failed");
    return { status: "failed", message: "The action failed; the server log has the details." };
  }
}

const slugSchema = z.string().min(1).max(64);

async function requireChallengeBySlug(value: FormDataEntryValue | null) {
  const slug = slugSchema.safeParse(value);
  const challenge = slug.success ? await getChallengeBySlug(slug.data) : undefined;
  if (!challenge) {
    throw new AppError("not_found:challenge", `No challenge has the slug ${String(value)}.`);
  }
  return challenge;
}

/** Loads every bundle from the challenges folder again. */
export async function reloadBundlesAction(
  _previous: StaffActionState,
  _formData: FormData,
): Promise<StaffActionState> {
  return asStaff(async (user) => {
    const result = await syncBundles();
    logger.info(
      { userId: user.id, loaded: result.loaded.length, failed: result.failed.length },
      "bundles reloaded by staff",
    );
    revalidatePath("/", "layout");
    const failures = result.failed
      .map((failure) => `${failure.folder}: ${failure.message}`)
      .join(" ");
    return result.failed.length === 0
      ? `Loaded ${result.loaded.length} challenges.`
      : `Loaded ${result.loaded.length} challenges, and ${result.failed.length} failed: ${failures}`;
  });
}

/** Clears and queues again every submission of a challenge. */
export async function rescoreChallengeAction(
  _previous: StaffActionState,
  formData: FormData,
): Promise<StaffActionState> {
  return asStaff(async (user) => {
    const challenge = await requireChallengeBySlug(formData.get("slug"));
    const count = await rescoreChallenge(challenge.id);
    logger.info({ userId: user.id, challengeId: challenge.id, count }, "challenge rescored by staff");
    revalidatePath(`/staff/challenges/${challenge.slug}`);
    return `Queued ${count} submission${count === 1 ? "" : "s"} for scoring again.`;
  });
}

const submissionIdSchema = z.uuid();

/** Clears and queues again one submission. */
export async function rescoreSubmissionAction(
  _previous: StaffActionState,
  formData: FormData,
): Promise<StaffActionState> {
  return asStaff(async (user) => {
    const id = submissionIdSchema.safeParse(formData.get("submissionId"));
    const submission = id.success ? await getSubmissionById(id.data) : undefined;
    if (!submission) {
      throw new AppError("not_found:submission", "The submission was not found.");
    }
    await rescoreSubmission(submission.id);
    logger.info({ userId: user.id, submissionId: submission.id }, "submission rescored by staff");
    revalidatePath("/staff", "layout");
    return "Queued.";
  });
}

/** Closes a challenge now, before its scheduled close. */
export async function closeChallengeAction(
  _previous: StaffActionState,
  formData: FormData,
): Promise<StaffActionState> {
  return asStaff(async (user) => {
    const challenge = await requireChallengeBySlug(formData.get("slug"));
    const closed = await closeChallengeEarly(challenge.id);
    logger.info({ userId: user.id, challengeId: challenge.id }, "challenge closed early by staff");
    revalidatePath("/", "layout");
    return `Closed ${closed.title}.`;
  });
}
