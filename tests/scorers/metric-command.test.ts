import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Runs `arena metric` with the given arguments and standard input. */
function arenaMetric(args: string[], stdin: string) {
  const result = spawnSync(
    process.execPath,
    ["bin/arena.mjs", "metric", ...args],
    { cwd: root, input: stdin, encoding: "utf8", timeout: 60_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("arena metric", () => {
  it("prints the value of roc_auc", () => {
    const input = { labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8] };
    const result = arenaMetric(["roc_auc"], JSON.stringify(input));
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { value: 0.75 });
  });

  it("passes params to the metric", () => {
    const input = { labels: [1, 1, 0, 0], scores: [1, 0, 1, 0], weights: [3, 5, 2, 7] };
    const result = arenaMetric(
      ["significance", "--params", '{"variant":"s_over_sqrt_s_plus_b"}'],
      JSON.stringify(input),
    );
    assert.equal(result.status, 0, result.stderr);
    const { value } = JSON.parse(result.stdout) as { value: number };
    assert.ok(Math.abs(value - 3 / Math.sqrt(5)) < 1e-12);
  });

  it("reads probability rows for log_loss", () => {
    const input = { labels: [0, 1], probabilities: [[0.8, 0.2], [0.4, 0.6]], classes: ["b", "s"] };
    const result = arenaMetric(["log_loss"], JSON.stringify(input));
    assert.equal(result.status, 0, result.stderr);
    const { value } = JSON.parse(result.stdout) as { value: number };
    assert.ok(Math.abs(value + (Math.log(0.8) + Math.log(0.6)) / 2) < 1e-12);
  });

  it("prints help", () => {
    const result = arenaMetric(["--help"], "");
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Usage: arena metric <id>/);
    assert.match(result.stdout, /cvm_correlation +scores, mass/);
  });

  const rejections: [string, string[], string, RegExp][] = [
    ["an unknown id", ["auc"], "{}", /unknown metric "auc"\. Known metrics: ams, /],
    ["a missing id", [], "{}", /expected one metric id/],
    ["invalid JSON", ["roc_auc"], "{", /stdin is not valid JSON/],
    ["invalid params JSON", ["roc_auc", "--params", "{x"], "{}", /--params is not valid JSON/],
    ["a null score", ["roc_auc"], '{"labels":[0,1],"scores":[0,null]}', /invalid input: scores\.1: /],
    ["an unknown field", ["roc_auc"], '{"labels":[0,1],"scores":[0,1],"extra":[1]}', /invalid input: .*extra/],
    ["a field the metric ignores", ["roc_auc"], '{"labels":[0,1],"scores":[0,1],"mass":[1,2]}', /roc_auc does not read "mass"/],
    ["a metric input error", ["roc_auc"], '{"labels":[1,1],"scores":[0,1]}', /roc_auc is undefined: the background rows/],
    ["ragged probabilities", ["log_loss"], '{"labels":[0,1],"probabilities":[[0.5,0.5],[1]]}', /probabilities\[1\] has 1 values, but row 0 has 2/],
    ["invalid params", ["ams", "--params", '{"b_r":-1}'], '{"labels":[1],"scores":[1],"weights":[1]}', /Invalid parameters for ams: b_r: /],
  ];
  for (const [name, args, stdin, message] of rejections) {
    it(`rejects ${name} with status 2`, () => {
      const result = arenaMetric(args, stdin);
      assert.equal(result.status, 2);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, "");
    });
  }
});
