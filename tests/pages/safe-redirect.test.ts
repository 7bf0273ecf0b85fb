import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { safeRedirectPath } from "../../app/_lib/safe-redirect.ts";

describe("safeRedirectPath", () => {
  it("keeps paths on this site", () => {
    assert.equal(safeRedirectPath("/challenges/z-boson-peak/submit"), "/challenges/z-boson-peak/submit");
    assert.equal(safeRedirectPath("/account?tab=tokens"), "/account?tab=tokens");
  });

  it("rejects other hosts and schemes", () => {
    const cases = [
      "https://evil.example/",
      "//evil.example/path",
      "/\\evil.example",
      "javascript:alert(1)",
      "challenges",
      "/\u0000x",
    ];
    for (const target of cases) {
      assert.equal(safeRedirectPath(target), "/", target);
    }
  });

  it("uses the fallback for missing values", () => {
    assert.equal(safeRedirectPath(undefined, "/account"), "/account");
    assert.equal(safeRedirectPath(["/a", "/b"]), "/");
    assert.equal(safeRedirectPath(null), "/");
  });
});
