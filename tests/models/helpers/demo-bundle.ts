// A small binary-classification challenge that accepts models, written to
// a temporary folder with seeded random features, labels and split.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { randomMatrix, seededRandom } from "./reference-models.ts";

export const demoFeatureColumns = ["f0", "f1", "f2", "f3", "f4"];

export interface DemoBundle {
  dir: string;
  features: Float32Array;
  ids: string[];
  labels: number[];
  usage: ("Public" | "Private")[];
}

function definitionYaml(): string {
  return `slug: model-demo
title: Model demo
summary: A binary classification challenge scored from models.
kinds: [predictions, model]
pages: { overview: overview.md, data: data.md, evaluation: evaluation.md, rules: rules.md }
limits: { daily_submissions: 5, max_file_mb: 10, final_selections: 1 }
phase: { opens: "2026-01-01T00:00:00Z", closes: "2027-01-01T00:00:00Z" }
submission:
  id_column: id
  columns: [{ name: prediction, type: number, min: 0, max: 1 }]
answer_key:
  file: hidden/answer-key.csv
  split: { column: Usage, public: Public, private: Private }
metric:
  id: roc_auc
  inputs:
    labels: { answer_key: label }
    scores: { submission: prediction }
model:
  features_file: public/test.csv
  feature_columns: [${demoFeatureColumns.join(", ")}]
  time_limit_s: 60
  memory_mb: 1024
  max_size_mb: 5
`;
}

/**
 * Writes the bundle folder `model-demo` under `rootDir`. The feature file
 * puts the id column last and the answer key lists rows in reverse, so
 * scoring must join by id.
 */
export async function writeDemoBundle(rootDir: string, rows: number, seed: number): Promise<DemoBundle> {
  const dir = path.join(rootDir, "model-demo");
  const featureCount = demoFeatureColumns.length;
  await mkdir(path.join(dir, "public"), { recursive: true });
  await mkdir(path.join(dir, "hidden"), { recursive: true });
  await writeFile(path.join(dir, "challenge.yaml"), definitionYaml());
  for (const page of ["overview", "data", "evaluation", "rules"]) {
    await writeFile(path.join(dir, `${page}.md`), `# ${page}\n`);
  }

  const random = seededRandom(seed);
  const features = randomMatrix(random, rows, featureCount, 3);
  const ids = Array.from({ length: rows }, (_, row) => `ev${1000 + row}`);
  const labels = ids.map(() => (random() < 0.4 ? 1 : 0));
  const usage = ids.map((): "Public" | "Private" => (random() < 0.5 ? "Public" : "Private"));

  const featureLines = ids.map((id, row) => {
    const values = Array.from(features.subarray(row * featureCount, (row + 1) * featureCount));
    return `${values.join(",")},${id}`;
  });
  await writeFile(
    path.join(dir, "public/test.csv"),
    `${demoFeatureColumns.join(",")},id\n${featureLines.join("\n")}\n`,
  );
  const keyLines = ids.map((id, row) => `${id},${labels[row]},${usage[row]}`).reverse();
  await writeFile(path.join(dir, "hidden/answer-key.csv"), `id,label,Usage\n${keyLines.join("\n")}\n`);
  return { dir, features, ids, labels, usage };
}
