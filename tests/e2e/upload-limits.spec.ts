import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect, test } from "./fixtures";
import { SubmitPage } from "./pages";

// tau-to-three-muons takes prediction files up to 50 MiB and models up to
// 100 MiB, so the form must not hold a 60 MiB model to the file limit.
const slug = "tau-to-three-muons";

test("submit form shows the model limit", async ({ page, student }) => {
  expect(student.email).toContain("@");
  const submitPage = new SubmitPage(page, slug);
  await submitPage.goto();
  await expect(page.locator("#file-hint")).toContainText("at most 50 MiB, models at most 100 MiB");
});

test("submit form sends a model over the file limit", async ({ page, student }) => {
  expect(student.email).toContain("@");
  const folder = await mkdtemp(path.join(os.tmpdir(), "arena-e2e-model-"));
  const modelPath = path.join(folder, "large.onnx");
  try {
    // Not a valid model: the server reads and rejects it, which shows that
    // the form sent it. Playwright takes buffers only up to 50 MB, so the
    // file is written to disk.
    await writeFile(modelPath, "");
    await truncate(modelPath, 60 * 1024 * 1024);

    const submitPage = new SubmitPage(page, slug);
    await submitPage.goto();
    await page.getByLabel("Submission file").setInputFiles(modelPath);
    await page.getByRole("button", { name: "Submit" }).click();
    const error = page.locator("#upload-error");
    await expect(error).toBeVisible({ timeout: 60_000 });
    await expect(error).not.toContainText("more than the limit");
    await expect(page).toHaveURL(`/challenges/${slug}/submit`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
