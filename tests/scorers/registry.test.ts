import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  computeMetric,
  getMetric,
  metricIds,
  metrics,
} from "../../scorers/index";
import type { MetricInput } from "../../scorers/types";
import { createRandom, randomInt } from "./helpers/random";

const expectedDirections: Record<string, "maximize" | "minimize"> = {
  roc_auc: "maximize",
  truncated_roc_auc: "maximize",
  ks_agreement: "minimize",
  cvm_correlation: "minimize",
  ams: "maximize",
  significance: "maximize",
  log_loss: "minimize",
};

describe("metric registry", () => {
  it("lists every metric once", () => {
    assert.deepEqual([...metricIds].sort(), Object.keys(expectedDirections).sort());
  });

  it("stores each metric under its id", () => {
    for (const [id, metric] of Object.entries(metrics)) {
      assert.equal(metric.id, id);
    }
  });

  it("declares each direction", () => {
    for (const id of metricIds) {
      assert.equal(getMetric(id).direction, expectedDirections[id], id);
    }
  });

  it("accepts empty params for every metric", () => {
    for (const id of metricIds) {
      assert.ok(getMetric(id).paramsSchema.safeParse({}).success, id);
    }
  });

  it("rejects an unknown id", () => {
    assert.throws(
      () => getMetric("accuracy"),
      /Unknown metric "accuracy"\. Known metrics: ams, cvm_correlation, ks_agreement, log_loss, roc_auc, significance, truncated_roc_auc\./,
    );
  });

  it("does not find inherited names", () => {
    assert.throws(() => getMetric("toString"), /Unknown metric "toString"/);
  });

  it("never returns NaN on random valid input", () => {
    const random = createRandom(555);
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + randomInt(random, 30);
      const labels = Array.from({ length: n }, () => randomInt(random, 2));
      labels[0] = 0;
      labels[1] = 1;
      const scores = Array.from({ length: n }, () => randomInt(random, 4) / 3);
      const selection = scores.map((score) => (score > 0.5 ? 1 : 0));
      selection[1] = 1;
      const weights = Array.from({ length: n }, () => 0.5 + random());
      const mass = Array.from({ length: n }, () => random() * 100);
      const inputs: [string, MetricInput, unknown][] = [
        ["roc_auc", { labels, scores, weights }, {}],
        ["truncated_roc_auc", { labels, scores, weights }, {}],
        ["ks_agreement", { labels, scores, weights }, {}],
        ["cvm_correlation", { scores, mass }, { window: 2, step: 1 }],
        ["cvm_correlation", { scores, mass }, { variant: "binned" }],
        ["ams", { labels, scores: selection, weights }, {}],
        ["significance", { labels, scores: selection, weights }, { variant: "s_over_sqrt_s_plus_b" }],
        ["log_loss", { labels, probabilities: scores.flatMap((p) => [1 - p, p]), classes: 2 }, {}],
      ];
      for (const [id, input, params] of inputs) {
        const value = computeMetric(id, input, params);
        assert.ok(Number.isFinite(value), `${id} returned ${value} in trial ${trial}`);
      }
    }
  });
});
