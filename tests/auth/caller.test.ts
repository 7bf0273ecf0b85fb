import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";

import { apiTokens, users } from "@/db/schema";
import { getCaller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { getAuthSecret } from "@/lib/server/secret";
import {
  authenticateToken,
  createToken,
  listTokens,
  revokeToken,
} from "@/lib/server/tokens";
import { createUser, type PublicUser } from "@/lib/server/users";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/db";

const dataDir = mkdtempSync(path.join(tmpdir(), "arena-caller-"));
process.env.ARENA_DATA_DIR = dataDir;

function apiRequest(headers: Record<string, string>, method = "GET"): Request {
  return new Request("http://127.0.0.1:3000/api/v1/challenges", {
    method,
    headers: { host: "127.0.0.1:3000", ...headers },
  });
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

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

for (const kind of databaseKinds) {
  describe(`tokens and callers on ${kind}`, () => {
    let database: TestDatabase;
    let student: PublicUser;

    before(async () => {
      database = await createTestDatabase(kind);
      student = await createUser({
        email: "caller@example.edu",
        password: "long enough password",
      });
    });

    after(async () => {
      await database.close();
    });

    test("createToken stores only a hash and a prefix", async () => {
      const { token, secret } = await createToken(student.id, "laptop");
      assert.match(secret, /^ca_[A-Za-z0-9_-]{43}$/);
      assert.equal(token.prefix, secret.slice(0, 9));
      assert.equal("tokenHash" in token, false);

      const rows = await database.db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
      const stored = rows[0];
      assert.ok(stored);
      assert.notEqual(stored.tokenHash, secret);
      assert.ok(!JSON.stringify(stored).includes(secret.slice(9)));
      assert.match(stored.tokenHash, /^[0-9a-f]{64}$/);
    });

    test("createToken rejects an empty name", async () => {
      const error = await rejection(createToken(student.id, "   "));
      assert.equal(error.code, "bad_request:token_name");
    });

    test("token authenticates until revoked", async () => {
      const { token, secret } = await createToken(student.id, "cluster");
      const found = await authenticateToken(secret);
      assert.equal(found?.user.id, student.id);
      assert.ok(found?.token.lastUsedAt instanceof Date);

      const caller = await getCaller(apiRequest({ authorization: `Bearer ${secret}` }));
      assert.equal(caller.via, "token");
      assert.equal(caller.user.email, "caller@example.edu");

      const revoked = await revokeToken(student.id, token.id);
      assert.ok(revoked.revokedAt instanceof Date);
      assert.equal(await authenticateToken(secret), undefined);
      const error = await rejection(getCaller(apiRequest({ authorization: `Bearer ${secret}` })));
      assert.equal(error.code, "unauthorized:invalid_token");
      assert.equal(error.status, 401);

      const listed = await listTokens(student.id);
      assert.ok(listed.some((entry) => entry.id === token.id && entry.revokedAt));
    });

    test("revokeToken rejects another user's token", async () => {
      const other = await createUser({ email: "other-owner@example.edu", password: "long enough password" });
      const { token, secret } = await createToken(other.id, "theirs");
      const error = await rejection(revokeToken(student.id, token.id));
      assert.equal(error.code, "not_found:token");
      assert.equal((await authenticateToken(secret))?.user.id, other.id);
    });

    test("getCaller rejects missing and malformed credentials", async () => {
      const missing = await rejection(getCaller(apiRequest({})));
      assert.equal(missing.code, "unauthorized:sign_in_required");
      assert.equal(missing.status, 401);

      for (const authorization of ["Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", `Bearer ca_${"A".repeat(43)}`]) {
        const error = await rejection(getCaller(apiRequest({ authorization })));
        assert.equal(error.code, "unauthorized:invalid_token", authorization);
      }
    });

    test("getCaller accepts the next-auth session cookie", async () => {
      const sessionToken = await encode({
        token: { userId: student.id, role: "student", sub: student.id },
        secret: getAuthSecret(),
      });
      const caller = await getCaller(
        apiRequest({ cookie: `other=1; next-auth.session-token=${sessionToken}` }),
      );
      assert.equal(caller.via, "session");
      assert.equal(caller.user.id, student.id);

      // The same cookie on a state-changing request from another site.
      const crossSite = await rejection(
        getCaller(
          apiRequest(
            { cookie: `next-auth.session-token=${sessionToken}`, origin: "https://evil.example" },
            "POST",
          ),
        ),
      );
      assert.equal(crossSite.code, "forbidden:cross_site");

      const sameSite = await getCaller(
        apiRequest(
          { cookie: `next-auth.session-token=${sessionToken}`, origin: "http://127.0.0.1:3000" },
          "POST",
        ),
      );
      assert.equal(sameSite.user.id, student.id);
    });

    test("getCaller rejects a cookie signed with another secret", async () => {
      const forged = await encode({
        token: { userId: student.id, role: "staff" },
        secret: "a different secret that is long enough",
      });
      const error = await rejection(
        getCaller(apiRequest({ cookie: `next-auth.session-token=${forged}` })),
      );
      assert.equal(error.code, "unauthorized:sign_in_required");
    });

    test("getCaller reads the role from the database", async () => {
      const sessionToken = await encode({
        token: { userId: student.id, role: "staff" },
        secret: getAuthSecret(),
      });
      const caller = await getCaller(apiRequest({ cookie: `next-auth.session-token=${sessionToken}` }));
      assert.equal(caller.user.role, "student");
    });

    test("deleted user's tokens stop working", async () => {
      const doomed = await createUser({ email: "doomed@example.edu", password: "long enough password" });
      const { secret } = await createToken(doomed.id, "soon gone");
      await database.db.delete(users).where(eq(users.id, doomed.id));
      assert.equal(await authenticateToken(secret), undefined);
    });
  });
}
