#!/usr/bin/env node
// Entry point of the `arena` command. The commands are TypeScript, loaded
// through tsx so that `npx arena` needs no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
