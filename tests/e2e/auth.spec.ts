import { expect, newAccount, signUp, test } from "./fixtures";
import { SignInPage, SignUpPage } from "./pages";

test("sign-up rejects a taken email", async ({ browser }) => {
  const account = newAccount();
  const first = await browser.newContext();
  await signUp(await first.newPage(), account);
  await first.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  const signUpPage = new SignUpPage(page);
  await signUpPage.goto();
  await signUpPage.signUp({ ...account, name: "Someone Else" });
  await expect(page.getByRole("main").getByRole("alert")).toContainText("already exists");
  await expect(page.getByLabel("Email")).toHaveValue(account.email);
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await context.close();
});

test("sign-up rejects mismatched passwords", async ({ page }) => {
  const account = newAccount();
  await page.goto("/signup");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByLabel("Confirm password").fill(`${account.password}x`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#confirmPassword-error")).toHaveText("The passwords do not match.");
});

test("wrong password shows one message", async ({ page }) => {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.signIn("nobody@e2e.example.edu", "wrong-password-123");
  // Next's route announcer is an alert too, so the search stays in <main>.
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "Invalid email or password.",
  );
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});

test("sign-in returns to the requested page", async ({ page, browser }) => {
  const account = newAccount();
  const context = await browser.newContext();
  await signUp(await context.newPage(), account);
  await context.close();

  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=(%2F|\/)account$/);
  await new SignInPage(page).signIn(account.email, account.password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Account" })).toBeVisible();
});

test("account creates and revokes a token", async ({ page, request, student }) => {
  expect(student.email).toContain("@");
  await page.goto("/account");
  await page.getByLabel("Token name").fill("laptop");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("token-secret")).toHaveText(/^ca_[A-Za-z0-9_-]{43}$/);
  const secret = (await page.getByTestId("token-secret").textContent()) ?? "";

  // The token authenticates the API until it is revoked. `request` sends
  // no session cookie, so only the token counts.
  const before = await request.get("/api/v1/me", {
    headers: { Authorization: `Bearer ${secret}` },
  });
  expect(before.status()).toBe(200);
  const row = page.getByTestId("token-row").filter({ hasText: "laptop" });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: "Revoke token laptop" }).click();
  await expect(row).toContainText("revoked");

  const after = await request.get("/api/v1/me", {
    headers: { Authorization: `Bearer ${secret}` },
  });
  expect(after.status()).toBe(401);
});
