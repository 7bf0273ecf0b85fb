import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";

import {
  offeredPublicFiles,
  publicFileHref,
  publicFileResolver,
  resolveInBundle,
  type ChallengeView,
} from "../../app/_lib/challenge-view.ts";
import type { ChallengeDefinition } from "../../lib/challenge/definition.ts";

const bundleDir = path.resolve("/srv/bundles/demo");

function viewWith(definition: Partial<ChallengeDefinition>): ChallengeView {
  return {
    row: { slug: "demo", bundlePath: bundleDir },
    definition: {
      kinds: ["predictions"],
      public_files: [],
      ...definition,
    },
  } as unknown as ChallengeView;
}

const files = [
  { path: "public/train.csv", description: "training rows" },
  { path: "public/test-features.csv", description: "test features" },
];

describe("offeredPublicFiles", () => {
  it("offers every listed file for predictions", () => {
    const view = viewWith({ public_files: files });
    assert.deepEqual(
      offeredPublicFiles(view).map((file) => file.path),
      ["public/train.csv", "public/test-features.csv"],
    );
  });

  it("hides test features of model-only challenges", () => {
    const view = viewWith({
      kinds: ["model"],
      public_files: files,
      model: { features_file: "public/test-features.csv" } as ChallengeDefinition["model"],
    });
    assert.deepEqual(
      offeredPublicFiles(view).map((file) => file.path),
      ["public/train.csv"],
    );
  });

  it("keeps test features when predictions are accepted too", () => {
    const view = viewWith({
      kinds: ["predictions", "model"],
      public_files: files,
      model: { features_file: "public/test-features.csv" } as ChallengeDefinition["model"],
    });
    assert.equal(offeredPublicFiles(view).length, 2);
  });
});

describe("resolveInBundle", () => {
  it("resolves paths inside the bundle", () => {
    const view = viewWith({});
    assert.equal(resolveInBundle(view, "public/train.csv"), path.join(bundleDir, "public/train.csv"));
  });

  it("rejects paths that leave the bundle", () => {
    const view = viewWith({});
    assert.equal(resolveInBundle(view, "../other/hidden/answer-key.csv"), undefined);
    assert.equal(resolveInBundle(view, "/etc/passwd"), undefined);
    assert.equal(resolveInBundle(view, "public/../../demo-secret/key.csv"), undefined);
  });
});

describe("publicFileResolver", () => {
  it("matches full paths and base names", () => {
    const resolve = publicFileResolver(viewWith({ public_files: files }));
    assert.equal(resolve("public/train.csv"), "/challenges/demo/files/public/train.csv");
    assert.equal(resolve("train.csv"), "/challenges/demo/files/public/train.csv");
  });

  it("returns nothing for unlisted files", () => {
    const resolve = publicFileResolver(viewWith({ public_files: files }));
    assert.equal(resolve("answer-key.csv"), undefined);
    assert.equal(resolve("hidden/answer-key.csv"), undefined);
  });
});

describe("publicFileHref", () => {
  it("encodes each path segment", () => {
    assert.equal(
      publicFileHref("demo", "public/mass plot#1.png"),
      "/challenges/demo/files/public/mass%20plot%231.png",
    );
  });
});
