#!/usr/bin/env node
// Times `arena score` against pandas + scikit-learn on the same synthetic
// answer key and submission, and checks that both give the same AUCs.
//
//   node bench/score-bench.mjs [--sizes 1000000,10000000] [--runs 3]
//
// For each size it writes data with /work/shared/bench/make_data.py into
// bench/out/score-<rows>/ (kept between runs), wraps the answer key in a
// challenge bundle (ROC AUC with weights on the public and private parts
// of the Usage column), then runs both programs `--runs` times in turn
// under /usr/bin/time -v. It prints the median wall time and the median
// peak resident memory of each, and writes them to
// bench/out/score-results.json.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const python = "/usr/bin/python3";
const makeData = "/work/shared/bench/make_data.py";
const anchorScript = "/work/shared/bench/anchor_score.py";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000000,10000000" },
    runs: { type: "string", default: "3" },
  },
});
const sizes = values.sizes.split(",").map(Number);
const runs = Number(values.runs);

const definition = `slug: bench-auc
title: Scoring benchmark
summary: Synthetic rows for timing arena score.
kinds: [predictions]
pages: { overview: page.md, data: page.md, evaluation: page.md, rules: page.md }
limits: { daily_submissions: 1, max_file_mb: 4096, final_selections: 1 }
phase: { opens: "2026-01-01T00:00:00Z", closes: "2027-01-01T00:00:00Z" }
submission:
  id_column: id
  columns: [{ name: prediction, type: number, min: 0, max: 1 }]
answer_key:
  file: hidden/answers.csv
  split: { column: Usage, public: Public, private: Private }
metric:
  id: roc_auc
  inputs:
    labels: { answer_key: signal }
    scores: { submission: prediction }
    weights: { answer_key: weight }
`;

/** Writes the data and the bundle for `rows` unless they exist. */
function prepare(rows) {
  const dir = path.join(root, "bench/out", `score-${rows}`);
  const bundle = path.join(dir, "bench-auc");
  const answers = path.join(bundle, "hidden/answers.csv");
  const submission = path.join(dir, "submission.csv");
  if (!existsSync(answers) || !existsSync(submission)) {
    mkdirSync(path.join(bundle, "hidden"), { recursive: true });
    console.error(`generating ${rows} rows in ${dir}`);
    const made = spawnSync(python, [makeData, String(rows), dir], { stdio: "inherit" });
    if (made.status !== 0) throw new Error(`make_data.py failed with status ${made.status}`);
    renameSync(path.join(dir, "answers.csv"), answers);
  }
  writeFileSync(path.join(bundle, "challenge.yaml"), definition);
  writeFileSync(path.join(bundle, "page.md"), "# Scoring benchmark\n");
  return { bundle, answers, submission };
}

/** Runs a command under /usr/bin/time -v; returns seconds, MiB and stdout. */
function timed(command, args) {
  const result = spawnSync("/usr/bin/time", ["-v", command, ...args], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  }
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(result.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  if (!wall || !rss) throw new Error(`could not read /usr/bin/time output:\n${result.stderr}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { seconds, mib: Number(rss[1]) / 1024, stdout: result.stdout };
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const results = [];
for (const rows of sizes) {
  const { bundle, answers, submission } = prepare(rows);
  const arenaArgs = [path.join(root, "bin/arena.mjs"), "score", "--challenge", bundle, "--submission", submission];
  const arena = [];
  const pandas = [];
  let arenaScores;
  let pandasScores;
  for (let run = 0; run < runs; run++) {
    const ours = timed(process.execPath, [...arenaArgs, "--compact", "--roc-points", "0"]);
    arena.push(ours);
    arenaScores = JSON.parse(ours.stdout);
    const theirs = timed(python, [anchorScript, answers, submission]);
    pandas.push(theirs);
    pandasScores = JSON.parse(theirs.stdout);
  }
  const publicGap = Math.abs(arenaScores.publicScore - pandasScores.Public);
  const privateGap = Math.abs(arenaScores.privateScore - pandasScores.Private);
  if (publicGap > 1e-9 || privateGap > 1e-9) {
    throw new Error(`AUCs differ: arena ${JSON.stringify(arenaScores)}, pandas ${JSON.stringify(pandasScores)}`);
  }
  const row = {
    rows,
    runs,
    arenaSeconds: median(arena.map((run) => run.seconds)),
    arenaMiB: median(arena.map((run) => run.mib)),
    pandasSeconds: median(pandas.map((run) => run.seconds)),
    pandasMiB: median(pandas.map((run) => run.mib)),
    arenaAll: arena.map((run) => run.seconds),
    pandasAll: pandas.map((run) => run.seconds),
    publicAuc: arenaScores.publicScore,
    privateAuc: arenaScores.privateScore,
    largestAucGap: Math.max(publicGap, privateGap),
  };
  results.push(row);
  console.log(
    `${rows} rows: arena ${row.arenaSeconds.toFixed(2)} s, ${row.arenaMiB.toFixed(0)} MiB; ` +
      `pandas ${row.pandasSeconds.toFixed(2)} s, ${row.pandasMiB.toFixed(0)} MiB; ` +
      `time ratio ${(row.arenaSeconds / row.pandasSeconds).toFixed(2)}, ` +
      `memory ratio ${(row.arenaMiB / row.pandasMiB).toFixed(2)}; AUC gap ${row.largestAucGap.toExponential(1)}`,
  );
}

const machine = {
  cpus: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  loadAverageAtEnd: os.loadavg(),
};
writeFileSync(path.join(root, "bench/out/score-results.json"), JSON.stringify({ machine, results }, null, 2) + "\n");
