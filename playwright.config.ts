import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";

import { defineConfig } from "@playwright/test";

// Playwright loads this file in the runner and again in each worker. The
// port, data folder and staff password are chosen once and passed on in
// the environment, so every process talks to the same server.
function findFreePort(): string {
  const script =
    "const s=require('net').createServer();" +
    "s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});";
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
}

process.env.E2E_PORT ??= findFreePort();
// The server creates the folder, and global-teardown.ts removes it.
process.env.E2E_DATA_DIR ??= path.join(
  os.tmpdir(),
  `arena-e2e-${randomBytes(6).toString("hex")}`,
);
process.env.E2E_ADMIN_EMAIL ??= "staff@e2e.example.edu";
process.env.E2E_ADMIN_PASSWORD ??= `staff-${Math.random().toString(36).slice(2)}-pass`;

const port = process.env.E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 20_000,
    navigationTimeout: 60_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "node bin/start.mjs",
    url: `${baseURL}/`,
    // The first start builds the app and generates the demo data.
    timeout: 15 * 60_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: port,
      HOSTNAME: "127.0.0.1",
      ARENA_DATA_DIR: process.env.E2E_DATA_DIR,
      ARENA_ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      ARENA_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
      NEXTAUTH_URL: baseURL,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
  },
});
