import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { toMetricInput } from "../../lib/cli/commands/metric";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Runs `arena metric` with the given arguments and standard input. */
function arenaMetric(
  args: string[],
  stdin: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const command = ["bin/arena.mjs", "metric", ...args];
    const child = spawn(process.execPath, command, {
      cwd: root,
      timeout: 60_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

// The cases spawn separate processes, so they run side by side.
describe("arena metric", { concurrency: 4 }, () => {
  it("prints the value of roc_auc", async () => {
    const input = { labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8] };
    const result = await arenaMetric(["roc_auc"], JSON.stringify(input));
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { value: 0.75 });
  });

  it("passes params to the metric", async () => {
    const input = { labels: [1, 1, 0, 0], scores: [1, 0, 1, 0], weights: [3, 5, 2, 7] };
    const result = await arenaMetric(
      ["significance", "--params", '{"variant":"s_over_sqrt_s_plus_b"}'],
      JSON.stringify(input),
    );
    assert.equal(result.status, 0, result.stderr);
    const { value } = JSON.parse(result.stdout) as { value: number };
    assert.ok(Math.abs(value - 3 / Math.sqrt(5)) < 1e-12);
  });

  it("reads probability rows for log_loss", async () => {
    const input = { labels: [0, 1], probabilities: [[0.8, 0.2], [0.4, 0.6]], classes: ["b", "s"] };
    const result = await arenaMetric(["log_loss"], JSON.stringify(input));
    assert.equal(result.status, 0, result.stderr);
    const { value } = JSON.parse(result.stdout) as { value: number };
    assert.ok(Math.abs(value + (Math.log(0.8) + Math.log(0.6)) / 2) < 1e-12);
  });

  it("prints help", async () => {
    const result = await arenaMetric(["--help"], "");
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Usage: arena metric <id>/);
    assert.match(result.stdout, /cvm_correlation +scores, mass/);
  });

  const rejections: [string, string[], string, RegExp][] = [
    ["an unknown id", ["auc"], "{}", /unknown metric "auc"\. Known metrics: ams, /],
    ["a missing id", [], "{}", /expected one metric id/],
    ["invalid JSON", ["roc_auc"], "{", /stdin is not valid JSON/],
    ["invalid params JSON", ["roc_auc", "--params", "{x"], "{}", /--params is not valid JSON/],
    ["a metric input error", ["roc_auc"], '{"labels":[1,1],"scores":[0,1]}', /roc_auc is undefined: the background rows/],
    ["invalid params", ["ams", "--params", '{"b_r":-1}'], '{"labels":[1],"scores":[1],"weights":[1]}', /Invalid parameters for ams: b_r: /],
  ];
  for (const [name, args, stdin, message] of rejections) {
    it(`rejects ${name} with status 2`, async () => {
      const result = await arenaMetric(args, stdin);
      assert.equal(result.status, 2);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, "");
    });
  }
});

describe("toMetricInput", () => {
  const rejections: [string, string, unknown, RegExp][] = [
    ["a null score", "roc_auc", { labels: [0, 1], scores: [0, null] }, /invalid input: scores\.1: /],
    ["an unknown field", "roc_auc", { labels: [0, 1], scores: [0, 1], extra: [1] }, /invalid input: .*extra/],
    ["a field the metric ignores", "roc_auc", { labels: [0, 1], scores: [0, 1], mass: [1, 2] }, /roc_auc does not read "mass"; it reads labels, scores, weights/],
    ["ragged probabilities", "log_loss", { labels: [0, 1], probabilities: [[0.5, 0.5], [1]] }, /probabilities\[1\] has 1 values, but row 0 has 2/],
    ["rows longer than classes", "log_loss", { labels: [0], probabilities: [[0.2, 0.3, 0.5]], classes: 2 }, /probabilities\[0\] has 3 values, but classes gives 2/],
    ["a non-object", "roc_auc", [1, 2], /invalid input: /],
  ];
  for (const [name, id, json, message] of rejections) {
    it(`rejects ${name}`, () => {
      assert.throws(() => toMetricInput(id, json), message);
    });
  }

  it("flattens probability rows", () => {
    const input = toMetricInput("log_loss", {
      labels: [0, 1],
      probabilities: [[0.8, 0.2], [0.4, 0.6]],
    });
    assert.deepEqual(Array.from(input.probabilities ?? []), [0.8, 0.2, 0.4, 0.6]);
    assert.equal(input.classes, 2);
  });

  it("takes the class count from a name list", () => {
    const input = toMetricInput("log_loss", {
      labels: [0],
      probabilities: [[0.8, 0.1, 0.1]],
      classes: ["b", "c", "s"],
    });
    assert.equal(input.classes, 3);
  });
});
