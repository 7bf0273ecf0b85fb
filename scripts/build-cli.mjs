// Bundles the hot offline commands (`arena score`, `arena metric`) into
// plain JavaScript in dist/cli, so that they start without tsx. Loading
// TypeScript through tsx's hooks cost about 0.3 s and 40 MiB per run
// (measured with bench/score-bench.mjs), a third of scoring 1 million
// rows. bin/arena.mjs uses a bundle only while it is newer than every
// source file. Otherwise it falls back to tsx, so a failed or stale build
// is slower, never wrong.
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { newestSourceTime, prebuiltCommands } from "./cli-sources.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "dist/cli");

async function bundleCommand(name) {
  await build({
    stdin: {
      contents: `export { run, summary } from "./lib/cli/commands/${name}.ts";\n`,
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: path.join(outDir, `${name}.mjs`),
    logLevel: "warning",
    // CommonJS dependencies (yaml) call require(), which ES modules lack.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
}

try {
  mkdirSync(outDir, { recursive: true });
  const sourceTime = newestSourceTime(root);
  for (const name of prebuiltCommands) await bundleCommand(name);
  writeFileSync(
    path.join(outDir, "manifest.json"),
    JSON.stringify({ sourceTime, commands: prebuiltCommands }, null, 2) + "\n",
  );
  console.log(`build-cli: bundled ${prebuiltCommands.join(", ")} into dist/cli`);
} catch (error) {
  // The commands still run through tsx, so a failed bundle must not fail
  // `npm install`.
  console.warn(`build-cli: bundling failed, arena will use tsx: ${error.message}`);
}
