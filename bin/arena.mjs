#!/usr/bin/env node
// Entry point of the `arena` command. The commands are TypeScript, loaded
// through tsx so that `npx arena` needs no build step. `score` and
// `metric` run from the bundles of scripts/build-cli.mjs while those are
// newer than the sources, because tsx's start-up is a large part of a
// short scoring run.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { newestSourceTime, prebuiltCommands } from "../scripts/cli-sources.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);

function loadPrebuilt(name) {
  if (!prebuiltCommands.includes(name)) return undefined;
  if (process.env.ARENA_CLI_PREBUILT === "off") return undefined;
  const manifestFile = new URL("../dist/cli/manifest.json", import.meta.url);
  const bundleFile = new URL(`../dist/cli/${name}.mjs`, import.meta.url);
  if (!existsSync(manifestFile) || !existsSync(bundleFile)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  if (newestSourceTime(root) > manifest.sourceTime) return undefined;
  return bundleFile;
}

const prebuilt = args[0] ? loadPrebuilt(args[0]) : undefined;
if (prebuilt) {
  // A parameter challenge's objective is a TypeScript module: loadObjective
  // registers tsx for it on demand when this variable is set.
  process.env.ARENA_LAZY_TSX = "1";
  const command = await import(prebuilt.href);
  process.exitCode = await command.run(args.slice(1));
} else {
  const { register } = await import("tsx/esm/api");
  // The repository's tsconfig, named explicitly so that its `@/` path alias
  // resolves when `arena` runs from another working folder.
  register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
  const { main } = await import("../lib/cli/main.ts");
  process.exitCode = await main(args);
}
