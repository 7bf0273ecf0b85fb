"use client";

import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

/** False and true positive rates of a ROC curve, in [0, 1]. */
export interface RocPoints {
  fpr: number[];
  tpr: number[];
}

const formatRate = (value: unknown) =>
  typeof value === "number" ? value.toFixed(3) : String(value);

/**
 * The ROC curve of a submission's public rows, with the diagonal of a
 * random classifier for comparison.
 */
export function RocChart({ curve }: { curve: RocPoints }) {
  const points = curve.fpr.map((fpr, index) => ({
    fpr,
    tpr: curve.tpr[index] ?? 0,
  }));
  return (
    <figure>
      <div
        role="img"
        aria-label={`ROC curve with ${points.length} points: true positive rate against false positive rate on the public rows.`}
        className="h-72 w-full sm:h-80"
        data-testid="roc-chart"
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis
              dataKey="fpr"
              type="number"
              domain={[0, 1]}
              tickCount={6}
              label={{ value: "False positive rate", position: "insideBottom", offset: -12 }}
            />
            <YAxis
              type="number"
              domain={[0, 1]}
              tickCount={6}
              label={{ value: "True positive rate", angle: -90, position: "insideLeft" }}
            />
            <ReferenceLine
              segment={[
                { x: 0, y: 0 },
                { x: 1, y: 1 },
              ]}
              stroke="#94a3b8"
              strokeDasharray="4 4"
              ifOverflow="extendDomain"
            />
            <Tooltip
              formatter={(value) => formatRate(value)}
              labelFormatter={(label) => `FPR ${formatRate(label)}`}
            />
            <Line
              type="linear"
              dataKey="tpr"
              name="TPR"
              stroke="#1d4ed8"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-2 text-sm text-slate-600">
        ROC curve on the public rows. The dashed diagonal is a random guess.
      </figcaption>
    </figure>
  );
}
