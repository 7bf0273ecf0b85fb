import { expect, test } from "./fixtures";
import { SubmissionPage } from "./pages";

const slug = "z-boson-peak";

test("pasted parameters are scored and drawn", async ({ page, student }) => {
  expect(student.email).toContain("@");
  await page.goto(`/challenges/${slug}/submit`);
  await page
    .getByLabel("Or paste the parameters as JSON")
    .fill('{"m0": 91.2, "sigma": 2.4, "amplitude": 9000, "background": 20}');
  await page.getByRole("button", { name: "Submit" }).click();
  await page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/);

  const submissionPage = new SubmissionPage(page);
  await submissionPage.waitForResult("scored");
  await expect(submissionPage.publicScore()).toHaveText(/^\d/);
  await expect(page.getByTestId("peak-chart")).toBeVisible();
  await expect(page.getByTestId("peak-chart").locator("svg").first()).toBeVisible();
});

test("invalid pasted JSON is caught", async ({ page, student }) => {
  expect(student.email).toContain("@");
  await page.goto(`/challenges/${slug}/submit`);
  await page.getByLabel("Or paste the parameters as JSON").fill('{"m0": 91.2,');
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.locator("#upload-error")).toContainText("not valid JSON");
  await expect(page).toHaveURL(`/challenges/${slug}/submit`);
});
