import { expect, test } from "./fixtures";

// This test closes em-showers, so the other specs use other challenges.
const slug = "em-showers";

test("staff reloads bundles", async ({ page, staff }) => {
  expect(staff.email).toContain("@");
  await page.goto("/staff");
  await page.getByRole("button", { name: "Reload bundles" }).click();
  await expect(page.getByText(/^Loaded \d+ challenges\.$/)).toBeVisible();
});

test("staff closes a challenge early", async ({ page, staff, browser }) => {
  expect(staff.email).toContain("@");
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(`/staff/challenges/${slug}`);
  await page.getByRole("button", { name: "Close now" }).click();
  await expect(page.getByText("(closed early by staff)")).toBeVisible();
  await expect(page.getByRole("button", { name: "Close now" })).toHaveCount(0);
  await page.goto(`/challenges/${slug}/submit`);
  await expect(page.getByTestId("remaining-today")).toHaveText(
    "No submissions while the challenge is closed.",
  );

  // After the close, anyone may open the private leaderboard.
  const visitor = await browser.newContext();
  const visitorPage = await visitor.newPage();
  await visitorPage.goto(`/challenges/${slug}/leaderboard`);
  await expect(visitorPage.getByText("closed", { exact: true })).toBeVisible();
  await visitorPage.getByRole("link", { name: "Private" }).click();
  await expect(visitorPage).toHaveURL(`/challenges/${slug}/leaderboard?board=private`);
  const download = await visitorPage.request.get(
    `/challenges/${slug}/leaderboard/download?format=csv&board=private`,
  );
  expect(download.status()).toBe(200);
  expect(await download.text()).toMatch(/^rank,team,score,entries,last_entry_utc,benchmark\n/);
  await visitor.close();
});
