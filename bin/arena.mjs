#!/usr/bin/env node
// Entry point of the `arena` command. The commands are TypeScript, loaded
// through tsx so that `npx arena` needs no build step.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// The repository's tsconfig, named explicitly so that its `@/` path alias
// resolves when `arena` runs from another working folder.
register({
  tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)),
});
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
