import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Removes the server's temporary data folder after the run. It removes
 * only a folder directly inside the system temporary folder whose name
 * starts with `arena-e2e-`, the pattern that playwright.config.ts uses.
 */
export default async function globalTeardown(): Promise<void> {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) return;
  const resolved = path.resolve(dataDir);
  const insideTemp = path.dirname(resolved) === path.resolve(os.tmpdir());
  if (!insideTemp || !path.basename(resolved).startsWith("arena-e2e-")) return;
  await rm(resolved, { recursive: true, force: true });
}
