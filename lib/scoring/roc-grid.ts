import type { RocCurvePoints } from "./types";

/**
 * Resamples a ROC curve onto a fixed grid of false positive rates (0,
 * 1/steps, ..., 1), taking at each grid value the highest true positive
 * rate among the vertices at or left of it.
 *
 * The curve shown to participants goes through this, because a curve with
 * a vertex at every distinct score would reveal the label of each row that
 * a probing submission gives a score of its own. On the grid, one point
 * covers a share of 1/steps of the public negatives, so single rows stay
 * hidden once that share is many rows. With few public negatives it still
 * shows individual rows, so the default grid is coarse.
 */
export function resampleRocCurve(curve: RocCurvePoints, steps = 100): RocCurvePoints {
  const fpr: number[] = [];
  const tpr: number[] = [];
  let vertex = 0;
  let best = 0;
  for (let step = 0; step <= steps; step++) {
    const grid = step / steps;
    // A small tolerance so that a vertex exactly on the grid, e.g. 0.3
    // computed as 3/10, counts despite rounding.
    while (vertex < curve.fpr.length && curve.fpr[vertex]! <= grid + 1e-12) {
      best = Math.max(best, curve.tpr[vertex]!);
      vertex += 1;
    }
    fpr.push(grid);
    tpr.push(best);
  }
  return { fpr, tpr };
}
