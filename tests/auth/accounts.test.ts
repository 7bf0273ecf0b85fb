import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";

import { signInAttempts, users } from "@/db/schema";
import {
  INVALID_CREDENTIALS_MESSAGE,
  signInWithPassword,
} from "@/lib/auth/credentials";
import { AppError } from "@/lib/errors";
import {
  assertSignInAllowed,
  recordSignInFailure,
  signInKeys,
  signInLimits,
} from "@/lib/server/rate-limit";
import { createUser, signUp, verifyCredentials } from "@/lib/server/users";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/db";

const password = "correct horse battery";

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a rejection");
}

for (const kind of databaseKinds) {
  describe(`accounts on ${kind}`, () => {
    let database: TestDatabase;

    before(async () => {
      database = await createTestDatabase(kind);
    });

    after(async () => {
      await database.close();
    });

    test("createUser stores an argon2id hash and a lower-case email", async () => {
      const user = await createUser({
        email: "  Ada.Lovelace@Example.EDU ",
        password,
        role: "staff",
      });
      assert.equal(user.email, "ada.lovelace@example.edu");
      assert.equal(user.name, "ada.lovelace");
      assert.equal(user.role, "staff");
      assert.equal("passwordHash" in user, false);

      const rows = await database.db.select().from(users).where(eq(users.id, user.id));
      assert.match(rows[0]?.passwordHash ?? "", /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      assert.ok(!rows[0]?.passwordHash?.includes(password));
    });

    test("createUser rejects a taken email in any case", async () => {
      await createUser({ email: "taken@example.edu", password });
      const error = await rejection(
        createUser({ email: "TAKEN@example.edu", password }),
      );
      assert.equal(error.code, "conflict:email");
      assert.equal(error.status, 409);
    });

    test("createUser rejects a short password with its rule", async () => {
      const error = await rejection(
        createUser({ email: "short@example.edu", password: "123456789" }),
      );
      assert.equal(error.code, "bad_request:user");
      assert.match(error.message, /password: The password must have at least 10 characters/);
    });

    test("verifyCredentials accepts only the right password", async () => {
      await createUser({ email: "verify@example.edu", password });
      const user = await verifyCredentials("Verify@Example.edu", password);
      assert.equal(user?.email, "verify@example.edu");
      assert.equal(await verifyCredentials("verify@example.edu", `${password}!`), undefined);
      assert.equal(await verifyCredentials("nobody@example.edu", password), undefined);
    });

    test("verifyCredentials spends argon2 time on unknown emails", async () => {
      await createUser({ email: "timing@example.edu", password });
      // CPU time of the whole process (argon2 runs on libuv's thread pool)
      // varies less than wall time on a busy machine.
      const cpuMilliseconds = async (email: string) => {
        const started = process.cpuUsage();
        await verifyCredentials(email, "wrong password!");
        const used = process.cpuUsage(started);
        return (used.user + used.system) / 1000;
      };
      await cpuMilliseconds("warm-up@example.edu");
      // Alternating the two cases shares any background load between them.
      let known = 0;
      let unknown = 0;
      for (let run = 0; run < 8; run += 1) {
        known += await cpuMilliseconds("timing@example.edu");
        unknown += await cpuMilliseconds("unknown-timing@example.edu");
      }
      // Without the dummy hash an unknown email costs one indexed query
      // (about a millisecond) against tens of milliseconds of argon2, a
      // ratio near 0.05; hashing the dummy on every call would double it.
      const message = `unknown email used ${unknown.toFixed(1)} ms of CPU, known ${known.toFixed(1)} ms`;
      assert.ok(unknown > known * 0.3, message);
      assert.ok(unknown < known * 3, message);
    });

    test("signUp returns field errors and creates a student", async () => {
      const invalid = await signUp(
        form({ email: "not-an-email", password: "short", confirmPassword: "other" }),
      );
      assert.equal(invalid.ok, false);
      if (invalid.ok) return;
      assert.deepEqual(Object.keys(invalid.fieldErrors).sort(), [
        "confirmPassword",
        "email",
        "password",
      ]);

      const created = await signUp(
        form({ email: "New@Example.edu", name: "New Student", password, confirmPassword: password }),
      );
      assert.equal(created.ok, true);
      if (!created.ok) return;
      assert.equal(created.user.role, "student");
      assert.equal(created.user.name, "New Student");

      const duplicate = await signUp(form({ email: "new@example.edu", password }));
      assert.equal(duplicate.ok, false);
      if (duplicate.ok) return;
      assert.ok(duplicate.fieldErrors.email?.[0]?.includes("already exists"));
    });

    test("sign-in locks after five failures with one message", async () => {
      await createUser({ email: "locked@example.edu", password });
      const { maxFailures } = signInLimits.email;

      for (let attempt = 0; attempt < maxFailures; attempt += 1) {
        const error = await rejection(
          signInWithPassword("locked@example.edu", "wrong password!", "192.0.2.10"),
        );
        assert.equal(error.code, "unauthorized:credentials");
        assert.equal(error.message, INVALID_CREDENTIALS_MESSAGE);
      }
      // Even the right password is rejected while the email is locked.
      const locked = await rejection(
        signInWithPassword("locked@example.edu", password, "192.0.2.11"),
      );
      assert.equal(locked.code, "rate_limited:sign_in");
      assert.equal(locked.status, 429);

      // An unknown email goes through the same steps and messages.
      for (let attempt = 0; attempt < maxFailures; attempt += 1) {
        const error = await rejection(
          signInWithPassword("ghost@example.edu", "wrong password!", "192.0.2.20"),
        );
        assert.equal(error.code, "unauthorized:credentials");
        assert.equal(error.message, INVALID_CREDENTIALS_MESSAGE);
      }
      const ghost = await rejection(
        signInWithPassword("ghost@example.edu", password, "192.0.2.21"),
      );
      assert.equal(ghost.code, locked.code);
      assert.equal(ghost.message, locked.message);
    });

    test("sign-in succeeds and clears failures below the limit", async () => {
      await createUser({ email: "clears@example.edu", password });
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await rejection(signInWithPassword("clears@example.edu", "wrong password!"));
      }
      const user = await signInWithPassword("clears@example.edu", password);
      assert.equal(user.email, "clears@example.edu");
      const rows = await database.db
        .select()
        .from(signInAttempts)
        .where(eq(signInAttempts.key, "email:clears@example.edu"));
      assert.equal(rows.length, 0);
    });

    test("rate limit counts per address and expires", async () => {
      const start = new Date("2026-01-05T10:00:00Z");
      const keys = signInKeys("someone@example.edu", "198.51.100.7");
      const addressOnly = keys.filter((key) => key.kind === "address");
      const { maxFailures, lockMs } = signInLimits.address;

      for (let attempt = 0; attempt < maxFailures - 1; attempt += 1) {
        await recordSignInFailure(addressOnly, start);
      }
      await assertSignInAllowed(addressOnly, start);
      await recordSignInFailure(addressOnly, start);
      const error = await rejection(assertSignInAllowed(addressOnly, start));
      assert.equal(error.code, "rate_limited:sign_in");
      assert.match(error.message, /Try again in 15 minutes/);

      // Another email from the same address is locked too.
      const otherEmail = signInKeys("other@example.edu", "198.51.100.7");
      await rejection(assertSignInAllowed(otherEmail, start));

      const afterLock = new Date(start.getTime() + lockMs + 1000);
      await assertSignInAllowed(addressOnly, afterLock);
      // The window has passed too, so the next failure starts a new count.
      await recordSignInFailure(addressOnly, afterLock);
      const rows = await database.db
        .select()
        .from(signInAttempts)
        .where(eq(signInAttempts.key, "address:198.51.100.7"));
      assert.equal(rows[0]?.failures, 1);
    });
  });
}
