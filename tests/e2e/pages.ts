import { expect, type Page } from "@playwright/test";

// Page objects: each wraps one page of the site with the steps a user
// takes on it, found by role and label as a screen reader would.

export class SignUpPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/signup");
  }

  async signUp(account: { name: string; email: string; password: string }) {
    await this.page.getByLabel("Name").fill(account.name);
    await this.page.getByLabel("Email").fill(account.email);
    await this.page.getByLabel("Password", { exact: true }).fill(account.password);
    await this.page.getByLabel("Confirm password").fill(account.password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }
}

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto(callbackUrl?: string) {
    const query = callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : "";
    await this.page.goto(`/signin${query}`);
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in", exact: true }).click();
  }
}

export class SubmitPage {
  constructor(
    private readonly page: Page,
    private readonly slug: string,
  ) {}

  async goto() {
    await this.page.goto(`/challenges/${this.slug}/submit`);
  }

  /** Uploads a file and waits for the submission page; returns its id. */
  async upload(file: { name: string; mimeType: string; buffer: Buffer }, description = "") {
    await this.page.getByLabel("Submission file").setInputFiles(file);
    if (description) await this.page.getByLabel(/^Description/).fill(description);
    await this.page.getByRole("button", { name: "Submit" }).click();
    await this.page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/);
    return new URL(this.page.url()).pathname.split("/").pop() as string;
  }
}

export class SubmissionPage {
  constructor(private readonly page: Page) {}

  async goto(id: string) {
    await this.page.goto(`/submissions/${id}`);
  }

  status() {
    return this.page.getByTestId("submission-status").first();
  }

  /** Waits, without reloading, until the status is `scored` or `failed`. */
  async waitForResult(expected: "scored" | "failed") {
    await expect(this.status()).toHaveText(expected, { timeout: 90_000 });
  }

  publicScore() {
    return this.page.getByTestId("public-score");
  }

  errorMessage() {
    return this.page.getByTestId("submission-error");
  }
}

export class LeaderboardPage {
  constructor(
    private readonly page: Page,
    private readonly slug: string,
  ) {}

  async goto() {
    await this.page.goto(`/challenges/${this.slug}/leaderboard`);
  }

  rowFor(name: string) {
    return this.page.getByTestId("leaderboard-row").filter({ hasText: name });
  }
}
