"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";

import { getSessionUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { getChallengeBySlug } from "@/lib/server/challenges";
import { selectFinalSubmissions } from "@/lib/server/submissions";

export type FinalSelectionState =
  | { status: "idle" }
  | { status: "saved"; count: number }
  | { status: "invalid"; message: string };

const selectionSchema = z.object({
  slug: z.string().min(1).max(64),
  ids: z.array(z.uuid({ message: "A selected submission id is invalid." })),
});

/**
 * Saves the signed-in user's final submissions for the private
 * leaderboard. `selectFinalSubmissions` checks the limit, the ownership of
 * each submission and that the challenge is still open.
 */
export async function selectFinalsAction(
  _previous: FinalSelectionState,
  formData: FormData,
): Promise<FinalSelectionState> {
  const user = await getSessionUser();
  if (!user) {
    return { status: "invalid", message: "Your session has expired. Sign in again." };
  }

  const parsed = selectionSchema.safeParse({
    slug: formData.get("slug"),
    ids: formData.getAll("final"),
  });
  if (!parsed.success) {
    return {
      status: "invalid",
      message: parsed.error.issues[0]?.message ?? "The selection is invalid.",
    };
  }
  const challenge = await getChallengeBySlug(parsed.data.slug);
  if (!challenge) {
    return { status: "invalid", message: `No challenge has the slug ${parsed.data.slug}.` };
  }

  try {
    const selected = await selectFinalSubmissions(user.id, challenge, parsed.data.ids);
    logger.info(
      { userId: user.id, challengeId: challenge.id, submissionIds: parsed.data.ids },
      "final submissions selected",
    );
    revalidatePath(`/challenges/${challenge.slug}/submissions`);
    return { status: "saved", count: selected.length };
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      return { status: "invalid", message: error.message };
    }
    throw error;
  }
}
