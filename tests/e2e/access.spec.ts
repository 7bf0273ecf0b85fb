import { downloadFromDataTab, predictionChallenge } from "./challenge-files";
import { expect, newAccount, signIn, signUp, staffAccount, test } from "./fixtures";
import { SubmitPage } from "./pages";

const { slug, baselinePath } = predictionChallenge;

test("student is blocked from staff pages", async ({ page, student }) => {
  expect(student.email).toContain("@");
  await expect(page.getByRole("link", { name: "Staff" })).toHaveCount(0);

  for (const path of ["/staff", `/staff/challenges/${slug}`]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByText("403 Forbidden")).toBeVisible();
    await expect(page.getByTestId("staff-submission-row")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Reload bundles" })).toHaveCount(0);
  }
});

test("student cannot open private leaderboard download", async ({ page, student }) => {
  expect(student.email).toContain("@");
  const response = await page.request.get(
    `/challenges/${slug}/leaderboard/download?format=json&board=private`,
  );
  expect(response.status()).toBe(403);
});

test("answer key is not served", async ({ request }) => {
  const paths = [
    "hidden/answer-key.csv",
    "public/..%2Fhidden%2Fanswer-key.csv",
    "public%2F..%2F..%2Fhiggs-boson-ams%2Fchallenge.yaml",
    "challenge.yaml",
  ];
  for (const filePath of paths) {
    const response = await request.get(`/challenges/${slug}/files/${filePath}`);
    expect(response.status(), filePath).toBe(404);
  }
  const listed = await request.get(`/challenges/${slug}/files/${baselinePath}`);
  expect(listed.status()).toBe(200);
  expect(listed.headers()["content-disposition"]).toContain("attachment");
});

test("staff sees all submissions", async ({ browser }) => {
  // A student submits in a browser context of their own.
  const studentContext = await browser.newContext();
  const studentPage = await studentContext.newPage();
  const student = newAccount();
  await signUp(studentPage, student);
  const file = await downloadFromDataTab(studentPage, slug, baselinePath);
  const submitPage = new SubmitPage(studentPage, slug);
  await submitPage.goto();
  const id = await submitPage.upload({ name: "for-staff.csv", mimeType: "text/csv", buffer: file });
  await studentContext.close();

  const staffContext = await browser.newContext();
  const page = await staffContext.newPage();
  await signIn(page, staffAccount());
  await page.getByRole("link", { name: "Staff" }).click();
  await expect(page.getByRole("heading", { name: "Staff", level: 1 })).toBeVisible();
  await page.goto(`/staff/challenges/${slug}`);
  const row = page.getByTestId("staff-submission-row").filter({ hasText: student.email });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("link")).toHaveAttribute("href", `/submissions/${id}`);
  await expect(page.getByRole("heading", { name: "Private leaderboard" })).toBeVisible();

  // Staff may open the student's submission page; another student may not.
  await page.goto(`/submissions/${id}`);
  await expect(page.getByTestId("submission-status")).toBeVisible();
  await staffContext.close();

  const otherContext = await browser.newContext();
  const otherPage = await otherContext.newPage();
  await signUp(otherPage, newAccount());
  const response = await otherPage.goto(`/submissions/${id}`);
  expect(response?.status()).toBe(404);
  await otherContext.close();
});
