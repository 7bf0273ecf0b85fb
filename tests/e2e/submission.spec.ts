import {
  corruptCsvField,
  downloadFromDataTab,
  predictionChallenge,
} from "./challenge-files";
import { expect, test } from "./fixtures";
import { LeaderboardPage, SubmissionPage, SubmitPage } from "./pages";

const { slug, baselinePath } = predictionChallenge;

test("student submits and is ranked", async ({ page, student }) => {
  const file = await downloadFromDataTab(page, slug, baselinePath);

  const submitPage = new SubmitPage(page, slug);
  await submitPage.goto();
  await expect(page.getByTestId("remaining-today")).toContainText("submissions left today");
  const before = await page.getByTestId("remaining-today").textContent();

  const id = await submitPage.upload(
    { name: "my-first.csv", mimeType: "text/csv", buffer: file },
    "baseline copy",
  );

  // The status changes from queued to scored on the page itself: the
  // test never reloads it.
  const submissionPage = new SubmissionPage(page);
  await submissionPage.waitForResult("scored");
  expect(page.url()).toContain(`/submissions/${id}`);
  await expect(submissionPage.publicScore()).toHaveText(/^-?\d/);
  const score = (await submissionPage.publicScore().textContent()) ?? "";

  const leaderboard = new LeaderboardPage(page, slug);
  await leaderboard.goto();
  const row = leaderboard.rowFor(student.name);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(score);
  await expect(row.locator("td").first()).toHaveText(/^\d+$/);
  await expect(page.getByTestId("benchmark-row")).toHaveCount(1);

  await page.goto(`/challenges/${slug}/submit`);
  const after = await page.getByTestId("remaining-today").textContent();
  expect(Number.parseInt(after ?? "", 10)).toBe(Number.parseInt(before ?? "", 10) - 1);

  await page.goto(`/challenges/${slug}/submissions`);
  await expect(page.getByTestId("my-submission-row")).toHaveCount(1);
  await expect(page.getByTestId("my-submission-row")).toContainText("baseline copy");
});

test("failing file shows its line", async ({ page, student }) => {
  expect(student.email).toContain("@");
  const file = await downloadFromDataTab(page, slug, baselinePath);
  // Line 3 is the second data row. Column 3 is Class, which must be s or b.
  const broken = corruptCsvField(file, 3, 3, "maybe");

  const submitPage = new SubmitPage(page, slug);
  await submitPage.goto();
  await submitPage.upload({ name: "broken.csv", mimeType: "text/csv", buffer: broken });

  const submissionPage = new SubmissionPage(page);
  await submissionPage.waitForResult("failed");
  await expect(submissionPage.errorMessage()).toContainText("line 3");
  await expect(submissionPage.errorMessage()).toContainText("Class");
});
