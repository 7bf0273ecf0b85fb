// Shared by scripts/build-cli.mjs and bin/arena.mjs: which commands are
// prebuilt and how new their sources are.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export const prebuiltCommands = ["score", "metric"];

const sourceFolders = ["lib", "scorers", "db"];

function newestIn(target) {
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(target)) {
    newest = Math.max(newest, newestIn(path.join(target, entry)));
  }
  return newest;
}

/** Returns the latest modification time (ms) of the CLI's source files. */
export function newestSourceTime(root) {
  let newest = 0;
  for (const folder of [...sourceFolders, "package-lock.json", "tsconfig.json"]) {
    const target = path.join(root, folder);
    if (existsSync(target)) newest = Math.max(newest, newestIn(target));
  }
  return newest;
}
