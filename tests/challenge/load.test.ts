import assert from "node:assert/strict";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";

import { BundleDataMissingError, BundleError } from "../../lib/challenge/errors";
import { assertDataReady, loadBundle, loadBundles } from "../../lib/challenge/load";
import { definitionYaml, fixturesDir, tempRoot } from "./temp-bundle";

const temp = tempRoot();
after(() => temp.cleanup());

const page = { "page.md": "# Page\n" };

function loadError(dir: string): BundleError {
  try {
    loadBundle(dir);
  } catch (error) {
    assert.ok(error instanceof BundleError, `expected a BundleError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the bundle to be rejected");
}

describe("loadBundle", () => {
  it("loads a fixture bundle with absolute paths", () => {
    const bundle = loadBundle(path.join(fixturesDir, "tiny-auc"));
    assert.equal(bundle.slug, "tiny-auc");
    assert.equal(bundle.dataReady, true);
    assert.deepEqual(bundle.missingData, []);
    assert.equal(bundle.answerKeyFile, path.join(fixturesDir, "tiny-auc/hidden/answer_key.csv"));
    assert.equal(bundle.pages.rules, path.join(fixturesDir, "tiny-auc/pages/rules.md"));
    assert.deepEqual(bundle.definition.reference_lines, [{ label: "Pass", value: 0.6 }]);
  });

  it("loads a JSON definition", () => {
    const bundle = loadBundle(path.join(fixturesDir, "random-pid"));
    assert.equal(bundle.definition.metric?.id, "log_loss");
  });

  it("reports data not generated yet", () => {
    const dir = temp.bundle("no-data", { "challenge.yaml": definitionYaml("no-data"), ...page });
    const bundle = loadBundle(dir);
    assert.equal(bundle.dataReady, false);
    assert.deepEqual(bundle.missingData, ["hidden/answer_key.csv"]);
    assert.throws(() => assertDataReady(bundle), (error: unknown) => {
      assert.ok(error instanceof BundleDataMissingError);
      assert.match(error.message, /challenge "no-data": data not generated yet \(missing hidden\/answer_key\.csv\)/);
      assert.equal(error.code, "unavailable:challenge_data");
      return true;
    });
    assert.throws(() => loadBundle(dir, { requireData: true }), BundleDataMissingError);
  });

  it("names the data command when data are missing", () => {
    const text = definitionYaml("with-command", "data_command: npx arena challenges prepare\n");
    const dir = temp.bundle("with-command", { "challenge.yaml": text, ...page });
    assert.throws(() => loadBundle(dir, { requireData: true }), /Run `npx arena challenges prepare` to create them/);
  });

  it("rejects a missing page", () => {
    const dir = temp.bundle("no-page", { "challenge.yaml": definitionYaml("no-page") });
    assert.match(loadError(dir).message, /pages\.overview: file "page\.md" not found/);
  });

  it("rejects paths that leave the bundle", () => {
    const climbing = definitionYaml("climbs").replace("overview: page.md", "overview: ../../etc/passwd");
    const dir = temp.bundle("climbs", { "challenge.yaml": climbing, ...page });
    assert.match(loadError(dir).message, /pages\.overview: "\.\.\/\.\.\/etc\/passwd" leaves the bundle folder/);

    const absolute = definitionYaml("absolute").replace("overview: page.md", "overview: /etc/passwd");
    const absoluteDir = temp.bundle("absolute", { "challenge.yaml": absolute, ...page });
    assert.match(loadError(absoluteDir).message, /must be a path relative to the bundle folder/);

    const generated = definitionYaml("climbs-data").replace("hidden/answer_key.csv", "hidden/../../answer_key.csv");
    const generatedDir = temp.bundle("climbs-data", { "challenge.yaml": generated, ...page });
    assert.match(loadError(generatedDir).message, /answer_key\.file: .* leaves the bundle folder/);
  });

  it("rejects links that lead outside", () => {
    const outside = path.join(temp.root, "outside.md");
    writeFileSync(outside, "# Outside\n");
    const dir = temp.bundle("linked", { "challenge.yaml": definitionYaml("linked"), "other.md": "#\n" });
    symlinkSync(outside, path.join(dir, "page.md"));
    assert.match(loadError(dir).message, /a link that leads outside the bundle folder/);

    const hiddenLink = temp.bundle("linked-data", { "challenge.yaml": definitionYaml("linked-data"), ...page });
    mkdirSync(path.join(temp.root, "elsewhere"));
    symlinkSync(path.join(temp.root, "elsewhere"), path.join(hiddenLink, "hidden"));
    assert.match(loadError(hiddenLink).message, /under a link that leads outside the bundle folder/);
  });

  it("requires the slug to match the folder", () => {
    const dir = temp.bundle("folder-name", { "challenge.yaml": definitionYaml("other-name"), ...page });
    assert.match(loadError(dir).message, /slug "other-name" must equal the bundle folder's name "folder-name"/);
  });

  it("rejects two definition files", () => {
    const text = definitionYaml("two");
    const dir = temp.bundle("two", { "challenge.yaml": text, "challenge.json": "{}", ...page });
    assert.match(loadError(dir).message, /several challenge definitions/);
  });

  it("rejects a folder without a definition", () => {
    const dir = temp.bundle("empty", { "README.md": "#\n" });
    assert.match(loadError(dir).message, /no challenge definition/);
  });
});

describe("loadBundles", () => {
  it("loads every fixture bundle sorted by slug", () => {
    const bundles = loadBundles(fixturesDir);
    const slugs = bundles.map((bundle) => bundle.slug);
    assert.deepEqual(slugs, [...slugs].sort());
    assert.ok(slugs.includes("tiny-auc"));
    assert.ok(slugs.includes("tiny-params"));
  });

  it("lists every invalid bundle", () => {
    const root = tempRoot();
    try {
      root.bundle("good", { "challenge.yaml": definitionYaml("good"), ...page });
      root.bundle("bad-one", { "challenge.yaml": definitionYaml("bad-one").replace("roc_auc", "nope"), ...page });
      root.bundle("bad-two", { "challenge.yaml": definitionYaml("bad-two") });
      const error = (() => {
        try {
          loadBundles(root.root);
        } catch (caught) {
          return caught as Error;
        }
        assert.fail("expected loadBundles to throw");
      })();
      assert.ok(error instanceof BundleError);
      assert.match(error.message, /bad-one\/challenge\.yaml line \d+: metric\.id: unknown metric "nope"/);
      assert.match(error.message, /bad-two\/challenge\.yaml: pages\.overview/);
      assert.doesNotMatch(error.message, /good\//);
    } finally {
      root.cleanup();
    }
  });

  it("skips folders without a definition", () => {
    const root = tempRoot();
    try {
      root.bundle("good", { "challenge.yaml": definitionYaml("good"), ...page });
      mkdirSync(path.join(root.root, "notes"));
      assert.deepEqual(loadBundles(root.root).map((bundle) => bundle.slug), ["good"]);
    } finally {
      rmSync(path.join(root.root, "notes"), { recursive: true });
      root.cleanup();
    }
  });
});
