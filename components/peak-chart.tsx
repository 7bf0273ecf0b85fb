"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

/** A histogram and a submitted curve evaluated at its bin centres. */
export interface PeakCurve {
  centres: number[];
  counts: number[];
  curve: number[];
}

/**
 * Draws the histogram that a parameter challenge fits as bars, with the
 * submitted curve over it as a line.
 */
export function PeakChart({
  data,
  xLabel,
}: {
  data: PeakCurve;
  xLabel: string;
}) {
  const points = data.centres.map((centre, index) => ({
    x: centre,
    count: data.counts[index] ?? 0,
    curve: data.curve[index] ?? 0,
  }));
  return (
    <figure>
      <div
        role="img"
        aria-label={`Histogram of ${points.length} bins with the submitted curve drawn over it.`}
        className="h-72 w-full sm:h-96"
        data-testid="peak-chart"
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis
              dataKey="x"
              type="number"
              domain={["dataMin", "dataMax"]}
              tickFormatter={(value: number) => value.toFixed(0)}
              label={{ value: xLabel, position: "insideBottom", offset: -12 }}
            />
            <YAxis label={{ value: "Events per bin", angle: -90, position: "insideLeft" }} />
            <Tooltip
              formatter={(value) =>
                typeof value === "number" ? value.toFixed(1) : String(value)
              }
              labelFormatter={(label) =>
                typeof label === "number" ? `${label.toFixed(2)}` : String(label)
              }
            />
            <Legend verticalAlign="top" />
            <Bar dataKey="count" name="Events" fill="#94a3b8" isAnimationActive={false} />
            <Line
              type="monotone"
              dataKey="curve"
              name="Submitted curve"
              stroke="#b91c1c"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
