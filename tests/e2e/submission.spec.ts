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
  const mine = page.getByTestId("my-submission-row");
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText("baseline copy");

  // Select it as a final submission for the private leaderboard.
  await mine.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Save final selection" }).click();
  await expect(page.getByText("Saved: 1 final submission.")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("my-submission-row").getByRole("checkbox")).toBeChecked();
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

test("upload shows progress, then the rejection", async ({ page, student }) => {
  expect(student.email).toContain("@");
  // 3 MB with a wrong header: the API reads the whole upload, then rejects
  // the header. Throttling the upload to 1 MB/s keeps the bar visible.
  const junk = Buffer.from("wrong,header\n" + "1,2\n".repeat(750_000));
  const session = await page.context().newCDPSession(page);
  await session.send("Network.enable");
  await session.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 1_000_000,
  });

  const submitPage = new SubmitPage(page, slug);
  await submitPage.goto();
  await page.getByLabel("Submission file").setInputFiles({
    name: "junk.csv",
    mimeType: "text/csv",
    buffer: junk,
  });
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByTestId("upload-progress")).toBeVisible();
  await expect(page.locator("#upload-error")).toContainText(/header/i);
  await expect(page).toHaveURL(`/challenges/${slug}/submit`);
});
