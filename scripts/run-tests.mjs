// Runs every tests/**/*.test.ts file with Node's test runner. Node 20 does
// not expand globs and runs nothing (exit 0) when given no files, so the
// files are listed here and an empty list is an error.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const skip = new Set(["e2e", "node_modules"]);

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!skip.has(name)) found.push(...findTests(full));
    } else if (name.endsWith(".test.ts")) {
      found.push(full);
    }
  }
  return found;
}

const filter = process.argv.slice(2);
let files = findTests("tests").sort();
if (filter.length > 0) {
  files = files.filter((file) => filter.some((part) => file.includes(part)));
}
if (files.length === 0) {
  console.error("run-tests: no test files matched under tests/");
  process.exit(1);
}
console.log(`run-tests: ${files.length} test files`);
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", ...files],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
