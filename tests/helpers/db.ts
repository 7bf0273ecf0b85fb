import { randomBytes } from "node:crypto";

import pg from "pg";

import {
  openDatabase,
  setDefaultDatabase,
  type Database,
  type DatabaseHandle,
} from "@/db";

export type DatabaseKind = "pglite" | "postgres";

/** Both kinds, for `for (const kind of databaseKinds)` around a suite. */
export const databaseKinds: readonly DatabaseKind[] = ["pglite", "postgres"];

/**
 * The server that test databases are created on. Tests create a database
 * with a random name on it and drop it afterwards.
 */
export const testPostgresUrl =
  process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  kind: DatabaseKind;
  handle: DatabaseHandle;
  db: Database;
  /** The URL of the PostgreSQL test database; undefined on PGlite. */
  url?: string;
  /** Closes the database and, on PostgreSQL, drops it. */
  close(): Promise<void>;
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function runOnServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Cannot connect to the test PostgreSQL at ${testPostgresUrl}: start it ` +
        "or set TEST_POSTGRES_URL to a server where the user may create databases.",
      { cause: error },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh migrated database: PGlite in memory, or a new database
 * with a random name on the test PostgreSQL server. Unless `makeDefault` is
 * false it also becomes the database that `getDb()` returns until closed.
 */
export async function createTestDatabase(
  kind: DatabaseKind,
  options: { makeDefault?: boolean } = {},
): Promise<TestDatabase> {
  const makeDefault = options.makeDefault ?? true;
  let handle: DatabaseHandle;
  let url: string | undefined;
  let name: string | undefined;

  if (kind === "pglite") {
    handle = await openDatabase({ pgliteDir: "memory://" });
  } else {
    name = `arena_test_${randomBytes(6).toString("hex")}`;
    await runOnServer(`CREATE DATABASE ${name}`);
    url = withDatabaseName(testPostgresUrl, name);
    try {
      handle = await openDatabase({ databaseUrl: url, maxConnections: 25 });
    } catch (error) {
      await runOnServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      throw error;
    }
  }
  if (makeDefault) setDefaultDatabase(handle);

  return {
    kind,
    handle,
    db: handle.db,
    url,
    async close() {
      if (makeDefault) setDefaultDatabase(undefined);
      await handle.close();
      if (name) await runOnServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
