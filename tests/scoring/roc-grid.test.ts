import assert from "node:assert/strict";
import { test } from "node:test";

import { resampleRocCurve } from "../../lib/scoring/roc-grid";
import { rocCurve } from "../../scorers/roc-curve";

test("resampled curve on a hand-worked grid", () => {
  // Vertices (0,0) (0,0.5) (0.5,0.5) (0.5,1) (1,1) on a grid of quarters:
  // at FPR 0 and 0.25 the best TPR is 0.5, from FPR 0.5 on it is 1.
  const curve = { fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1] };
  const resampled = resampleRocCurve(curve, 4);
  assert.deepEqual(resampled.fpr, [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(resampled.tpr, [0.5, 0.5, 1, 1, 1]);
});

test("probing scores do not reveal row labels", () => {
  // 400 probe rows with distinct scores and 4600 rows at 0: the exact curve
  // has a vertex per probe row, so its steps spell out the probe labels.
  const labels: number[] = [];
  const scores: number[] = [];
  for (let row = 0; row < 5000; row++) {
    labels.push((row * 7919) % 3 === 0 ? 1 : 0);
    scores.push(row < 400 ? 1 - row / 1000 : 0);
  }
  const exact = rocCurve(labels, scores, undefined, 1000);
  assert.ok(exact.fpr.length > 400);

  const shown = resampleRocCurve(exact);
  assert.equal(shown.fpr.length, 101);
  assert.equal(shown.tpr.length, 101);
  // Each grid step spans 1 % of the negatives (about 33 rows), so only a
  // few points fall among the probe rows instead of one per row.
  const negatives = labels.filter((label) => label === 0).length;
  const probeNegatives = labels.slice(0, 400).filter((label) => label === 0).length;
  const pointsInProbe = shown.fpr.filter((value) => value * negatives <= probeNegatives).length;
  assert.ok(pointsInProbe <= Math.ceil((probeNegatives / negatives) * 100) + 1);
  for (let index = 1; index < shown.tpr.length; index++) {
    assert.ok(shown.tpr[index]! >= shown.tpr[index - 1]!, `TPR decreases at ${index}`);
  }
  assert.equal(shown.tpr[100], 1);
});
