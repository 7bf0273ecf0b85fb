import { expect, test } from "@playwright/test";

import { predictionChallenge } from "./challenge-files";

test("skip link moves focus to content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skipLink = page.getByRole("link", { name: "Skip to content" });
  await expect(skipLink).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main")).toBeFocused();
});

test("challenge list shows status and deadlines", async ({ page }) => {
  await page.goto("/");
  const card = page.getByRole("article").filter({
    has: page.getByRole("link", { name: /Higgs boson/ }),
  });
  await expect(card).toContainText(/open|upcoming|closed/);
  await expect(card.locator("time").first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  await expect(card.getByTestId("local-time").first()).toContainText("your time");
});

test("challenge tabs are separate pages", async ({ page }) => {
  const { slug } = predictionChallenge;
  await page.goto(`/challenges/${slug}`);
  const tabs = page.getByRole("navigation", { name: "Challenge sections" });
  for (const [name, path] of [
    ["Data", "/data"],
    ["Evaluation", "/evaluation"],
    ["Rules", "/rules"],
    ["Leaderboard", "/leaderboard"],
  ] as const) {
    const tab = tabs.getByRole("link", { name, exact: true });
    await tab.click();
    await expect(page).toHaveURL(`/challenges/${slug}${path}`);
    await expect(tab).toHaveAttribute("aria-current", "page");
  }
});

test("unknown challenge gets 404", async ({ page }) => {
  const response = await page.goto("/challenges/no-such-challenge");
  expect(response?.status()).toBe(404);
});
