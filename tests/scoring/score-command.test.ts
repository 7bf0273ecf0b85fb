import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";

import { fixturesDir, tempRoot } from "../challenge/temp-bundle";

const temp = tempRoot();
after(() => temp.cleanup());

const arena = path.resolve(import.meta.dirname, "../../bin/arena.mjs");
const tinyAuc = path.join(fixturesDir, "tiny-auc");

function runScore(...args: string[]) {
  const result = spawnSync(process.execPath, [arena, "score", ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("arena score", () => {
  it("prints the scores as JSON", () => {
    const result = runScore("--challenge", tinyAuc, "--submission", path.join(tinyAuc, "submissions/good.csv"));
    assert.equal(result.status, 0, result.stderr);
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.ok(Math.abs((output.publicScore as number) - 5.75 / 6) < 1e-12);
    assert.ok(Math.abs((output.privateScore as number) - 5.5 / 7.5) < 1e-12);
    assert.equal(output.rowCount, 10);
    assert.deepEqual(output.checks, []);
    assert.equal(output.passedChecks, true);
  });

  it("exits 2 for a bad submission", () => {
    const file = path.join(temp.root, "bad.csv");
    writeFileSync(file, "id,prediction\n1,0.5\n1,0.5\n");
    const result = runScore("--challenge", tinyAuc, "--submission", file);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /invalid submission: bad\.csv, line 3, column 1 \(id\): id "1" appears again \(first on line 2\)/);
  });

  it("exits 2 for missing arguments and files", () => {
    assert.equal(runScore("--challenge", tinyAuc).status, 2);
    const missing = runScore("--challenge", tinyAuc, "--submission", path.join(temp.root, "nothing.csv"));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /file not found/);
    assert.equal(runScore("--unknown").status, 2);
  });

  it("exits 1 for a broken bundle", () => {
    const result = runScore("--challenge", temp.root, "--submission", path.join(tinyAuc, "submissions/good.csv"));
    assert.equal(result.status, 1);
    assert.match(result.stderr, /no challenge definition/);
  });

  it("prints help", () => {
    const result = runScore("--help");
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Usage: arena score --challenge <bundle-folder> --submission <file>/);
  });
});
