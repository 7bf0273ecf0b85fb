// Runs the Playwright tests in Debian's Chromium, installing the package
// first when it is missing (Playwright cannot download browsers here).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  return result.status ?? 1;
}

if (!existsSync(chromium)) {
  if (process.getuid?.() !== 0) {
    console.error(
      `run-e2e: ${chromium} not found. Install it with ` +
        "`sudo apt-get install -y chromium` or set CHROMIUM_PATH.",
    );
    process.exit(1);
  }
  console.log("run-e2e: installing Debian's chromium package");
  if (run("apt-get", ["update", "-q"]) !== 0) process.exit(1);
  const status = run("apt-get", ["install", "-y", "-q", "chromium"]);
  if (status !== 0) process.exit(status);
}

process.exit(run("npx", ["playwright", "test", ...process.argv.slice(2)]));
