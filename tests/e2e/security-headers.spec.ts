import { predictionChallenge } from "./challenge-files";
import { expect, test } from "./fixtures";

const { slug, baselinePath } = predictionChallenge;

const expectedHeaders: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
};

test("responses carry security headers", async ({ request }) => {
  const paths = [
    "/",
    "/signin",
    `/challenges/${slug}/leaderboard`,
    `/challenges/${slug}/files/${baselinePath}`,
    "/api/v1/challenges",
  ];
  for (const path of paths) {
    const response = await request.get(path);
    const headers = response.headers();
    for (const [name, value] of Object.entries(expectedHeaders)) {
      expect(headers[name], `${name} of ${path}`).toBe(value);
    }
    expect(headers["content-security-policy"], `CSP of ${path}`).toContain("frame-ancestors 'none'");
    expect(headers["x-powered-by"], `x-powered-by of ${path}`).toBeUndefined();
  }
});

test("oversized sign-in body is rejected", async ({ request }) => {
  const response = await request.post("/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: "email=a%40b.c&password=" + "x".repeat(200 * 1024),
  });
  expect(response.status()).toBe(413);
});
