import type { Page } from "@playwright/test";

import { expect, test } from "./fixtures";

// Phone width: pages may scroll wide tables inside their own box, but the
// page itself must not scroll sideways.
test.use({ viewport: { width: 390, height: 844 } });

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test("submit page fits a phone", async ({ page, student }) => {
  expect(student.email).toContain("@");
  // particle-identification has the longest submission header.
  await page.goto("/challenges/particle-identification/submit");
  await expect(page.getByText("ID,Ghost,Electron,Muon,Pion,Kaon,Proton")).toBeVisible();
  expect(await horizontalOverflow(page)).toBe(0);
});

test("staff challenge page fits a phone", async ({ page, staff }) => {
  expect(staff.email).toContain("@");
  await page.goto("/staff/challenges/tracker-geometry");
  await expect(page.getByRole("heading", { name: /All submissions/ })).toBeVisible();
  expect(await horizontalOverflow(page)).toBe(0);
});
