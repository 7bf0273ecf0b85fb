import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { repoRoot } from "./helpers";

/** Runs `arena challenges ...` with its own challenges folder. */
function arena(root: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "bin", "arena.mjs"), "challenges", ...args], {
    cwd: repoRoot,
    env: { ...process.env, ARENA_CHALLENGES_DIR: root },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("arena challenges", () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "arena-challenges-cli-"));
    for (const slug of ["z-boson-peak", "tracker-geometry"]) {
      cpSync(path.join(repoRoot, "challenges", slug), path.join(root, slug), {
        recursive: true,
        filter: (source) => !/\/(public|hidden)(\/|$)/.test(source.slice(repoRoot.length)),
      });
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test("missing action exits 2", () => {
    const result = arena(root);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /give an action/);
  });

  test("validate reports missing data", () => {
    const result = arena(root, "validate", "z-boson-peak");
    assert.equal(result.status, 1);
    assert.match(result.stdout, /z-boson-peak: invalid: missing data public\/dimuon-events\.csv/);
  });

  test("generate honours rows and seed", () => {
    const result = arena(root, "generate", "z-boson-peak", "--rows", "500", "--seed", "3");
    assert.equal(result.status, 0, result.stderr);
    const lines = readFileSync(path.join(root, "z-boson-peak", "public", "dimuon-events.csv"), "utf8").trim().split("\n");
    assert.equal(lines.length, 501);
    const source = JSON.parse(readFileSync(path.join(root, "z-boson-peak", "hidden", "source.json"), "utf8"));
    assert.equal(source.kind, "synthetic");
    assert.equal(source.seed, 3);
  });

  test("prepare skips bundles with data", () => {
    const result = arena(root, "prepare");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /z-boson-peak: data present; skipped/);
    assert.match(result.stdout, /tracker-geometry: Synthetic track set/);
  });

  test("prepare --force regenerates", () => {
    const result = arena(root, "prepare", "--force");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /z-boson-peak: Synthetic dimuon events \(seed 1\)/);
  });

  test("invalid rows exits 2", () => {
    const result = arena(root, "generate", "z-boson-peak", "--rows", "many");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--rows must be an integer of at least 1, got "many"/);
  });

  test("import names the bad file and column", () => {
    const bad = path.join(root, "tracks.csv");
    writeFileSync(bad, "k,b\n0.1,2\n0.2,oops\n");
    const result = arena(root, "import", "tracker-geometry", "--from", bad);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /tracks\.csv, line 3, column "b": expected a finite number, found "oops"/);
  });

  test("import of a missing path exits 2", () => {
    const result = arena(root, "import", "tracker-geometry", "--from", path.join(root, "nowhere.csv"));
    assert.equal(result.status, 2);
    assert.match(result.stderr, /nowhere\.csv: not found/);
  });

  test("unknown slug exits 2", () => {
    const result = arena(root, "generate", "no-such-challenge");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no generator or importer for challenge "no-such-challenge"/);
  });
});
