#!/usr/bin/env node
// `npm start`: prepares the challenge data, builds the app when the build
// is missing or older than the sources, then runs `next start`. The web
// server itself applies the migrations, loads the bundles and starts the
// worker (see instrumentation.ts).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

// Files and folders whose changes need a new `next build`.
const sourcePaths = [
  "app",
  "components",
  "lib",
  "db",
  "scorers",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];

function newestModification(target) {
  if (!existsSync(target)) return 0;
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestModification(path.join(target, entry)));
  }
  return newest;
}

function buildIsCurrent() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const builtAt = statSync(buildId).mtimeMs;
  return sourcePaths.every((source) => newestModification(path.join(root, source)) <= builtAt);
}

function run(command, args, env) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const port = process.env.PORT || "3000";
const env = {
  ...process.env,
  PORT: port,
  NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1",
  NEXTAUTH_URL: process.env.NEXTAUTH_URL || `http://localhost:${port}`,
};

register();
const { getConfig } = await import("../lib/server/config.ts");
let config;
try {
  config = getConfig();
} catch (error) {
  console.error(`start: ${error.message}`);
  process.exit(2);
}

// 1. The embedded database allows one process per data folder: stop here,
// before anything else, when another server has it open.
if (!config.DATABASE_URL) {
  const { assertFolderUnlocked } = await import("../db/folder-lock.ts");
  try {
    assertFolderUnlocked(path.join(config.dataDir, "pglite"));
  } catch (error) {
    console.error(`start: ${error.message}`);
    process.exit(1);
  }
}

// 2. Demo data for every bundle that has none (the command does not open
// the database, so it is safe while another server runs).
if (existsSync(path.join(root, "lib", "cli", "commands", "challenges.ts"))) {
  const status = run(process.execPath, [path.join(root, "bin", "arena.mjs"), "challenges", "prepare"], env);
  if (status !== 0) {
    console.error("start: `arena challenges prepare` failed; fix the error above and run `npm start` again.");
    process.exit(status);
  }
}

// 3. next-auth v4 reads NEXTAUTH_SECRET. The secret comes from AUTH_SECRET
// or the generated file in the data folder, the same value the server
// reads through getAuthSecret().
if (!env.NEXTAUTH_SECRET) {
  const { getAuthSecret } = await import("../lib/server/secret.ts");
  env.NEXTAUTH_SECRET = getAuthSecret();
}

// 4. Build when needed.
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
if (!buildIsCurrent()) {
  console.log("start: building the app (`next build`)");
  const status = run(process.execPath, [nextBin, "build"], { ...env, NODE_ENV: "production" });
  if (status !== 0) {
    console.error("start: `next build` failed; see the errors above.");
    process.exit(status);
  }
}

// 5. Serve. tsx is loaded into the server so that it can import the
// TypeScript objective modules of parameter challenges at run time.
const nodeOptions = [env.NODE_OPTIONS, "--import tsx"].filter(Boolean).join(" ");
// The listening address: ARENA_HOST, or HOSTNAME when it is an IP address
// or "localhost" (containers often export HOSTNAME as their own name, so
// other values are not used). Without either, next listens on all
// interfaces.
const hostnameIsAddress =
  process.env.HOSTNAME === "localhost" || isIP(process.env.HOSTNAME ?? "") !== 0;
const host = process.env.ARENA_HOST || (hostnameIsAddress ? process.env.HOSTNAME : undefined);
const startArgs = [nextBin, "start", "-p", port, ...(host ? ["-H", host] : [])];
const server = spawn(process.execPath, startArgs, {
  stdio: "inherit",
  env: { ...env, NODE_ENV: "production", NODE_OPTIONS: nodeOptions },
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
