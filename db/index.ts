import { mkdirSync } from "node:fs";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

import { logger } from "@/lib/log";
import { getConfig } from "@/lib/server/config";
import { acquireFolderLock, type FolderLock } from "./folder-lock";
import * as schema from "./schema";

export type Schema = typeof schema;

/** A drizzle database on either driver; both share the PostgreSQL dialect. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** The `tx` argument of `db.transaction(async (tx) => ...)`. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** The rows that one raw SQL statement returned. */
export interface SqlResult {
  rows: Record<string, unknown>[];
}

export interface DatabaseHandle {
  db: Database;
  driver: "pglite" | "postgres";
  /** Resolves once the migrations are applied; rejects if they failed. */
  ready: Promise<void>;
  /**
   * Runs raw SQL after the migrations, outside drizzle. pg-boss uses it.
   * Without values, several statements separated by semicolons may run.
   */
  executeSql(text: string, values?: unknown[]): Promise<SqlResult | SqlResult[]>;
  /** Registers work to finish before `close` (e.g. stopping the queue). */
  addCloseHook(hook: () => Promise<void>): void;
  /** Runs the close hooks, closes the connections, releases the lock. */
  close(): Promise<void>;
}

/** Builds `addCloseHook` and a runner for the hooks, newest first. */
function closeHooks(): {
  add: (hook: () => Promise<void>) => void;
  run: () => Promise<void>;
} {
  const hooks: (() => Promise<void>)[] = [];
  return {
    add: (hook) => hooks.push(hook),
    run: async () => {
      for (const hook of hooks.splice(0).reverse()) {
        try {
          await hook();
        } catch (error) {
          logger.error({ err: error }, "a database close hook failed");
        }
      }
    },
  };
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; when absent the embedded PGlite database is used. */
  databaseUrl?: string;
  /**
   * The PGlite data folder, or `memory://` for a database that lives only in
   * this process. Defaults to `<ARENA_DATA_DIR>/pglite`.
   */
  pgliteDir?: string;
  /** The folder of drizzle migrations. Defaults to `db/migrations`. */
  migrationsFolder?: string;
  /** Largest number of pooled PostgreSQL connections. */
  maxConnections?: number;
}

const migrationsLockKey = 7_241_930_311;

function resolveMigrationsFolder(folder: string | undefined): string {
  if (folder) return path.resolve(folder);
  return path.join(process.cwd(), "db", "migrations");
}

/**
 * Wraps a client so that every query waits for `ready`: callers may use the
 * drizzle instance at once while the migrations are still being applied.
 * Methods are bound to the real client because PGlite uses private fields.
 */
function gateClient<T extends object>(
  client: T,
  ready: Promise<void>,
  gatedMethods: string[],
): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof property === "string" && gatedMethods.includes(property)) {
        return async (...args: unknown[]) => {
          await ready;
          return method.apply(target, args);
        };
      }
      return method.bind(target);
    },
  });
}

function openPglite(dataDir: string, options: OpenDatabaseOptions): DatabaseHandle {
  const pgliteDir = options.pgliteDir ?? path.join(dataDir, "pglite");
  const inMemory = pgliteDir.startsWith("memory://");
  let lock: FolderLock | undefined;
  // The folder is chosen at run time, so Next.js's file tracing must not
  // try to follow it.
  const folder = inMemory ? pgliteDir : path.resolve(/*turbopackIgnore: true*/ pgliteDir);
  if (!inMemory) {
    // PGlite does not create missing parent folders.
    mkdirSync(/*turbopackIgnore: true*/ path.dirname(folder), { recursive: true });
    lock = acquireFolderLock(folder);
  }

  let client: PGlite;
  try {
    client = new PGlite(/*turbopackIgnore: true*/ folder);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const migrationsFolder = resolveMigrationsFolder(options.migrationsFolder);
  const ready = (async () => {
    await client.waitReady;
    await migratePglite(drizzlePglite({ client, schema }), { migrationsFolder });
  })();
  ready.catch((error: unknown) => {
    logger.error({ err: error, pgliteDir }, "applying the database migrations failed");
  });

  const gated = gateClient(client, ready, ["query", "exec", "transaction"]);
  const db = drizzlePglite({ client: gated, schema }) as unknown as Database;

  let closed = false;
  const hooks = closeHooks();
  return {
    db,
    driver: "pglite",
    ready,
    addCloseHook: hooks.add,
    async executeSql(text, values) {
      await ready;
      if (values && values.length > 0) {
        const result = await client.query<Record<string, unknown>>(text, values);
        return { rows: result.rows };
      }
      const results = await client.exec(text);
      const mapped = results.map((result) => ({
        rows: result.rows as Record<string, unknown>[],
      }));
      return mapped.length === 1 && mapped[0] ? mapped[0] : mapped;
    },
    async close() {
      if (closed) return;
      closed = true;
      await hooks.run();
      await ready.catch(() => undefined);
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

function openPostgres(databaseUrl: string, options: OpenDatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    application_name: "collider-arena",
  });
  pool.on("error", (error) => {
    logger.error({ err: error }, "an idle PostgreSQL connection failed");
  });

  const migrationsFolder = resolveMigrationsFolder(options.migrationsFolder);
  const ready = (async () => {
    // Several processes (the server and `arena worker`) may start at once:
    // an advisory lock lets one of them apply the migrations at a time.
    const connection = await pool.connect();
    try {
      await connection.query("SELECT pg_advisory_lock($1)", [migrationsLockKey]);
      try {
        await migratePostgres(drizzlePostgres({ client: connection, schema }), {
          migrationsFolder,
        });
      } finally {
        await connection.query("SELECT pg_advisory_unlock($1)", [migrationsLockKey]);
      }
    } finally {
      connection.release();
    }
  })();
  ready.catch((error: unknown) => {
    logger.error({ err: error }, "applying the database migrations failed");
  });

  const gated = gateClient(pool, ready, ["query", "connect"]);
  const db = drizzlePostgres({ client: gated, schema }) as unknown as Database;

  let closed = false;
  const hooks = closeHooks();
  return {
    db,
    driver: "postgres",
    ready,
    addCloseHook: hooks.add,
    async executeSql(text, values) {
      await ready;
      const result = (await pool.query(text, values)) as unknown;
      if (Array.isArray(result)) {
        return (result as pg.QueryResult[]).map((item) => ({
          rows: item.rows as Record<string, unknown>[],
        }));
      }
      return { rows: (result as pg.QueryResult).rows as Record<string, unknown>[] };
    },
    async close() {
      if (closed) return;
      closed = true;
      await hooks.run();
      await ready.catch(() => undefined);
      await pool.end();
    },
  };
}

/**
 * Opens a database and applies the committed migrations before it returns.
 * A migration failure closes the database and is thrown. For the embedded
 * database, throws an `unavailable:database_locked` AppError when another
 * process has the data folder open.
 */
export async function openDatabase(
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle> {
  const handle = openDatabaseSync(options);
  try {
    await handle.ready;
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

function openDatabaseSync(options: OpenDatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openPglite(getConfig().dataDir, options);
}

// Next.js may load this module more than once in one process (once per
// bundle), and PGlite must be opened once per process, so the default
// database lives on globalThis.
const defaultKey = Symbol.for("collider-arena.default-database");

interface DefaultDatabaseHolder {
  [defaultKey]?: DatabaseHandle;
}

const holder = globalThis as DefaultDatabaseHolder;

/**
 * Returns the process's database handle, opening it on first use from the
 * configuration: PostgreSQL when DATABASE_URL is set, else PGlite in
 * `<ARENA_DATA_DIR>/pglite`. Tests replace it with `setDefaultDatabase`.
 */
export function getDatabaseHandle(): DatabaseHandle {
  const existing = holder[defaultKey];
  if (existing) return existing;
  const config = getConfig();
  const handle = openDatabaseSync({ databaseUrl: config.DATABASE_URL });
  holder[defaultKey] = handle;
  logger.info(
    { driver: handle.driver, dataDir: handle.driver === "pglite" ? config.dataDir : undefined },
    "opened the database",
  );
  return handle;
}

/** Returns the process's drizzle database (see `getDatabaseHandle`). */
export function getDb(): Database {
  return getDatabaseHandle().db;
}

/** Makes `handle` the database that `getDb()` returns, or clears it. */
export function setDefaultDatabase(handle: DatabaseHandle | undefined): void {
  if (handle) holder[defaultKey] = handle;
  else delete holder[defaultKey];
}

/** Closes the process's database if it was opened. */
export async function closeDefaultDatabase(): Promise<void> {
  const handle = holder[defaultKey];
  if (!handle) return;
  delete holder[defaultKey];
  await handle.close();
}

/**
 * Runs a raw drizzle `sql` query and returns its rows. Both drivers return
 * `{ rows }` from `execute`, but the shared `Database` type does not declare it.
 */
export async function queryRows<T extends Record<string, unknown>>(
  db: Database | Transaction,
  query: SQL,
): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
