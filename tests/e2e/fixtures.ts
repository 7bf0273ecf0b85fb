import { randomUUID } from "node:crypto";

import { test as base, expect, type Page } from "@playwright/test";

import { SignInPage, SignUpPage } from "./pages";

export interface Account {
  name: string;
  email: string;
  password: string;
}

/** Returns new student credentials with a unique email. */
export function newAccount(): Account {
  const id = randomUUID().slice(0, 8);
  return {
    name: `Student ${id}`,
    email: `student-${id}@e2e.example.edu`,
    password: `pw-${randomUUID()}`,
  };
}

/** Returns the staff account that the server creates at start-up. */
export function staffAccount(): Account {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!email || !password) {
    throw new Error("E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD are not set; run through playwright.config.ts.");
  }
  return { name: "Staff", email, password };
}

/** Signs up through the form and waits until the header shows the user. */
export async function signUp(page: Page, account: Account): Promise<void> {
  const signUpPage = new SignUpPage(page);
  await signUpPage.goto();
  await signUpPage.signUp(account);
  await expect(page.getByTestId("signed-in-as")).toHaveText(account.name);
}

/** Signs in through the form and waits until the header shows the user. */
export async function signIn(page: Page, account: Account): Promise<void> {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.signIn(account.email, account.password);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export const test = base.extend<{
  student: Account;
  staff: Account;
}>({
  // A page signed in as a newly signed-up student.
  student: async ({ page }, use) => {
    const account = newAccount();
    await signUp(page, account);
    await use(account);
  },
  // A page signed in as the start-up staff account.
  staff: async ({ page }, use) => {
    const account = staffAccount();
    await signIn(page, account);
    await use(account);
  },
});

export { expect };
