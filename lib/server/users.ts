import { hash, verify, type Algorithm } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { users, type User } from "@/db/schema";
import { zodToAppError } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";

export type Role = User["role"];

/** A user without the password hash, safe to pass to pages and the API. */
export type PublicUser = Omit<User, "passwordHash">;

export const MIN_PASSWORD_LENGTH = 10;
// argon2 reads the whole password, so a bound keeps hashing cheap.
export const MAX_PASSWORD_LENGTH = 256;

// argon2id with the library defaults (19 MiB, 2 passes, 1 thread), the
// minimum that the OWASP Password Storage Cheat Sheet recommends. The enum
// is declared `const` in the typings, so its value is written out.
const ARGON2ID = 2 as Algorithm;
const hashOptions = { algorithm: ARGON2ID };

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address." }));

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, {
    message: `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
  })
  .max(MAX_PASSWORD_LENGTH, {
    message: `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`,
  });

export const roleSchema = z.enum(["student", "staff"]);

export const newUserSchema = z.object({
  email: emailSchema,
  name: z
    .string()
    .trim()
    .max(100, { message: "The name must have at most 100 characters." })
    .optional(),
  password: passwordSchema,
  role: roleSchema.default("student"),
});

export type NewUser = z.input<typeof newUserSchema>;

/** Strips the password hash from a users row. */
export function toPublicUser(user: User): PublicUser {
  const { passwordHash: _passwordHash, ...rest } = user;
  return rest;
}

/** Hashes a password with argon2id into a PHC string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, hashOptions);
}

/**
 * Creates a user with an argon2id password hash. The email is stored in
 * lower case and the name defaults to the part before the `@`. Throws
 * `bad_request:user` for invalid input and `conflict:email` when the email
 * is taken.
 */
export async function createUser(input: NewUser): Promise<PublicUser> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw zodToAppError(parsed.error, "user");
  const { email, password, role } = parsed.data;
  const name = parsed.data.name || email.slice(0, email.indexOf("@"));

  const db = getDb();
  const passwordHash = await hashPassword(password);
  const inserted = await db
    .insert(users)
    .values({ email, name, passwordHash, role })
    .onConflictDoNothing({ target: users.email })
    .returning();
  const user = inserted[0];
  if (!user) {
    throw new AppError(
      "conflict:email",
      `An account with the email ${email} already exists. Sign in instead, or use another email.`,
    );
  }
  return toPublicUser(user);
}

/** Finds a user by email, compared in lower case. */
export async function getUserByEmail(email: string): Promise<User | undefined> {
  const db = getDb();
  const rows = await db
    .select()
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  return rows[0];
}

/**
 * Finds a user by id, without the password hash. Returns undefined for an
 * id that is not a UUID.
 */
export async function getUserById(id: string): Promise<PublicUser | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const db = getDb();
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0] ? toPublicUser(rows[0]) : undefined;
}

// Verified against when the email is unknown, so that a wrong email costs
// the same argon2 work as a wrong password and timing does not reveal
// which accounts exist.
let dummyHash: Promise<string> | undefined;

function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword("collider-arena-dummy-password");
  return dummyHash;
}

/**
 * Checks an email and password. Returns the user when both match and
 * undefined otherwise, after the same argon2 work in either case. Accounts
 * without a password (OAuth only) never match.
 */
export async function verifyCredentials(
  email: string,
  password: string,
): Promise<PublicUser | undefined> {
  const user =
    email.length <= 320 ? await getUserByEmail(email) : undefined;
  const candidate = password.slice(0, MAX_PASSWORD_LENGTH);
  const storedHash = user?.passwordHash ?? (await getDummyHash());

  let matches = false;
  try {
    matches = await verify(storedHash, candidate);
  } catch {
    // A malformed stored hash counts as a mismatch rather than a 500.
    matches = false;
  }
  if (!user?.passwordHash || !matches) return undefined;
  return toPublicUser(user);
}

/** Changes a user's role; throws `not_found:user` for an unknown email. */
export async function setUserRole(
  email: string,
  role: Role,
): Promise<PublicUser> {
  const db = getDb();
  const updated = await db
    .update(users)
    .set({ role })
    .where(eq(users.email, email.trim().toLowerCase()))
    .returning();
  const user = updated[0];
  if (!user) {
    throw new AppError("not_found:user", `No user has the email ${email}.`);
  }
  return toPublicUser(user);
}

/** The outcome of a sign-up form, shaped for `useActionState`. */
export type SignUpResult =
  | { ok: true; user: PublicUser }
  | {
      ok: false;
      message: string;
      /** Messages per form field (`email`, `name`, `password`, `confirmPassword`). */
      fieldErrors: Record<string, string[]>;
    };

const signUpFormSchema = z
  .object({
    email: emailSchema,
    name: z
      .string()
      .trim()
      .max(100, { message: "The name must have at most 100 characters." })
      .optional(),
    password: passwordSchema,
    // Checked only when the form has a confirmation field.
    confirmPassword: z.string().optional(),
  })
  .refine(
    (form) =>
      form.confirmPassword === undefined ||
      form.confirmPassword === form.password,
    { message: "The passwords do not match.", path: ["confirmPassword"] },
  );

function formText(formData: FormData, key: string): string | undefined {
  const value = formData.get(key);
  return typeof value === "string" ? value : undefined;
}

/**
 * Validates a sign-up form (`email`, `password`, optional `name` and
 * `confirmPassword`) and creates a student account. Returns field errors
 * instead of throwing, so a page can show them next to the inputs.
 */
export async function signUp(formData: FormData): Promise<SignUpResult> {
  const parsed = signUpFormSchema.safeParse({
    email: formText(formData, "email") ?? "",
    name: formText(formData, "name") || undefined,
    password: formText(formData, "password") ?? "",
    confirmPassword: formText(formData, "confirmPassword"),
  });
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join(".") || "form";
      (fieldErrors[field] ??= []).push(issue.message);
    }
    return { ok: false, message: "Check the highlighted fields.", fieldErrors };
  }

  try {
    const user = await createUser({
      email: parsed.data.email,
      name: parsed.data.name,
      password: parsed.data.password,
      role: "student",
    });
    return { ok: true, user };
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict:email") {
      return {
        ok: false,
        message: error.message,
        fieldErrors: { email: [error.message] },
      };
    }
    throw error;
  }
}
