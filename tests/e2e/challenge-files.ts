import { expect, type Page } from "@playwright/test";

/** The prediction challenge the tests submit to, and its baseline file. */
export const predictionChallenge = {
  slug: "higgs-boson-ams",
  baselinePath: "public/baseline-submission.csv",
};

/**
 * Downloads a public file through the link on the challenge's data tab,
 * as a participant would, and returns its bytes.
 */
export async function downloadFromDataTab(
  page: Page,
  slug: string,
  filePath: string,
): Promise<Buffer> {
  await page.goto(`/challenges/${slug}/data`);
  const link = page.getByRole("link", { name: filePath });
  await expect(link).toBeVisible();
  const href = await link.getAttribute("href");
  if (!href) throw new Error(`The link to ${filePath} has no href.`);
  const response = await page.request.get(href);
  expect(response.status()).toBe(200);
  return response.body();
}

/**
 * Replaces one field of a CSV data line (1-based line number, header is
 * line 1) and returns the new file.
 */
export function corruptCsvField(
  csv: Buffer,
  lineNumber: number,
  column: number,
  value: string,
): Buffer {
  const lines = csv.toString("utf8").split("\n");
  const line = lines[lineNumber - 1];
  if (line === undefined) throw new Error(`The file has no line ${lineNumber}.`);
  const fields = line.replace(/\r$/, "").split(",");
  if (column > fields.length) throw new Error(`Line ${lineNumber} has no column ${column}.`);
  fields[column - 1] = value;
  lines[lineNumber - 1] = fields.join(",");
  return Buffer.from(lines.join("\n"), "utf8");
}
