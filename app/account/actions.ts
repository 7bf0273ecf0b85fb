"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";

import { getSessionUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { createToken, revokeToken } from "@/lib/server/tokens";

/** The token form's state: the new secret appears once, right after creation. */
export type CreateTokenState =
  | { status: "idle" }
  | { status: "created"; name: string; secret: string }
  | { status: "invalid"; message: string };

/** Creates an API token for the signed-in user and returns its secret once. */
export async function createTokenAction(
  _previous: CreateTokenState,
  formData: FormData,
): Promise<CreateTokenState> {
  const user = await getSessionUser();
  if (!user) {
    return { status: "invalid", message: "Your session has expired. Sign in again." };
  }

  const name = formData.get("name");
  try {
    const { token, secret } = await createToken(
      user.id,
      typeof name === "string" ? name : "",
    );
    logger.info({ userId: user.id, tokenId: token.id }, "API token created");
    revalidatePath("/account");
    return { status: "created", name: token.name, secret };
  } catch (error) {
    if (error instanceof AppError && error.kind === "bad_request") {
      return { status: "invalid", message: error.message };
    }
    throw error;
  }
}

const revokeSchema = z.object({ tokenId: z.uuid() });

/** Revokes one of the signed-in user's tokens. */
export async function revokeTokenAction(formData: FormData): Promise<void> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized:sign_in_required", "Sign in to revoke a token.");

  const parsed = revokeSchema.safeParse({ tokenId: formData.get("tokenId") });
  if (!parsed.success) {
    throw new AppError("bad_request:token", "The token id is missing or invalid.");
  }
  // revokeToken only finds tokens of this user, so another user's id fails
  // with not_found.
  await revokeToken(user.id, parsed.data.tokenId);
  logger.info({ userId: user.id, tokenId: parsed.data.tokenId }, "API token revoked");
  revalidatePath("/account");
}
