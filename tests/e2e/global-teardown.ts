import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Removes the server's temporary data folder after the run. Only a folder
 * named by playwright.config.ts inside the system temporary folder is
 * removed, so a mistyped variable cannot delete anything else.
 */
export default async function globalTeardown(): Promise<void> {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) return;
  const resolved = path.resolve(dataDir);
  const insideTemp = path.dirname(resolved) === path.resolve(os.tmpdir());
  if (!insideTemp || !path.basename(resolved).startsWith("arena-e2e-")) return;
  await rm(resolved, { recursive: true, force: true });
}
