#!/usr/bin/env node
// Times `arena score` against pandas + scikit-learn on the same synthetic
// answer key and submission, and checks that both give the same AUCs.
//
//   node bench/score-bench.mjs [--sizes 1000000,10000000] [--runs 3]
//
// For each size it writes data with the seeded generator make_data.py
// (`makeData` below) into bench/out/score-<rows>/ (kept between runs), wraps the answer key in a
// challenge bundle (ROC AUC with weights on the public and private parts
// of the Usage column), then runs each program `--runs` times in turn
// under /usr/bin/time -v. It prints the median wall time and the median
// peak resident memory of each, and writes them to
// bench/out/score-results.json.
//
// Three programs run: `node bin/arena.mjs score` as shipped (it runs the
// esbuild bundle that `npm install` writes into dist/cli, rebuilt here
// first), the same command with ARENA_CLI_PREBUILT=off, which loads the
// TypeScript through tsx (to show what tsx costs), and pandas +
// scikit-learn.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const python = "/usr/bin/python3";
// The anchor scripts live in the shared folder beside the repository.
const makeData = path.resolve(root, "../shared/bench/make_data.py");
const anchorScript = path.resolve(root, "../shared/bench/anchor_score.py");

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
    const generated = spawnSync(python, [makeData, String(rows), dir], { stdio: "inherit" });
    if (generated.status !== 0) throw new Error(`make_data.py failed with status ${generated.status}`);
    renameSync(path.join(dir, "answers.csv"), answers);
  }
  writeFileSync(path.join(bundle, "challenge.yaml"), definition);
  writeFileSync(path.join(bundle, "page.md"), "# Scoring benchmark\n");
  return { bundle, answers, submission };
}

/**
 * Runs a command under /usr/bin/time -v; returns its wall seconds, CPU
 * seconds (user + system), peak resident MiB and stdout.
 */
function timed(command, args, env = process.env) {
  const result = spawnSync("/usr/bin/time", ["-v", command, ...args], {
    env,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  }
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(result.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(result.stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(result.stderr);
  if (!wall || !rss || !user || !system) throw new Error(`could not read /usr/bin/time output:\n${result.stderr}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const cpuSeconds = Number(user[1]) + Number(system[1]);
  return { seconds, cpuSeconds, mib: Number(rss[1]) / 1024, stdout: result.stdout };
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function summarize(runsOf) {
  return {
    seconds: median(runsOf.map((run) => run.seconds)),
    cpuSeconds: median(runsOf.map((run) => run.cpuSeconds)),
    mib: median(runsOf.map((run) => run.mib)),
    allSeconds: runsOf.map((run) => run.seconds),
    allMiB: runsOf.map((run) => Math.round(run.mib)),
  };
}

const loadAverageAtStart = os.loadavg();
const built = spawnSync(process.execPath, [path.join(root, "scripts/build-cli.mjs")], { stdio: "inherit" });
if (built.status !== 0) throw new Error("scripts/build-cli.mjs failed");
const arenaBin = path.join(root, "bin/arena.mjs");
const throughTsx = { ...process.env, ARENA_CLI_PREBUILT: "off" };
const results = [];
for (const rows of sizes) {
  const { bundle, answers, submission } = prepare(rows);
  const scoreArgs = ["--challenge", bundle, "--submission", submission, "--compact", "--roc-points", "0"];
  const arena = [];
  const tsx = [];
  const pandas = [];
  let arenaScores;
  let pandasScores;
  for (let run = 0; run < runs; run++) {
    const shipped = timed(process.execPath, [arenaBin, "score", ...scoreArgs]);
    arena.push(shipped);
    arenaScores = JSON.parse(shipped.stdout);
    const compiled = timed(process.execPath, [arenaBin, "score", ...scoreArgs], throughTsx);
    tsx.push(compiled);
    if (compiled.stdout !== shipped.stdout) throw new Error("the command through tsx printed other scores");
    const anchor = timed(python, [anchorScript, answers, submission]);
    pandas.push(anchor);
    pandasScores = JSON.parse(anchor.stdout);
  }
  const publicGap = Math.abs(arenaScores.publicScore - pandasScores.Public);
  const privateGap = Math.abs(arenaScores.privateScore - pandasScores.Private);
  if (publicGap > 1e-9 || privateGap > 1e-9) {
    throw new Error(`AUCs differ: arena ${JSON.stringify(arenaScores)}, pandas ${JSON.stringify(pandasScores)}`);
  }
  const row = {
    rows,
    runs,
    arena: summarize(arena),
    tsx: summarize(tsx),
    pandas: summarize(pandas),
    publicAuc: arenaScores.publicScore,
    privateAuc: arenaScores.privateScore,
    pandasPublicAuc: pandasScores.Public,
    pandasPrivateAuc: pandasScores.Private,
    largestAucGap: Math.max(publicGap, privateGap),
  };
  results.push(row);
  const describe = (name, figures) =>
    `${name} ${figures.seconds.toFixed(2)} s (CPU ${figures.cpuSeconds.toFixed(2)} s), ${figures.mib.toFixed(0)} MiB ` +
    `(${(figures.seconds / row.pandas.seconds).toFixed(2)} and ${(figures.mib / row.pandas.mib).toFixed(2)} of pandas)`;
  console.log(
    `${rows} rows: ${describe("arena", row.arena)}; ${describe("through tsx", row.tsx)}; ` +
      `pandas ${row.pandas.seconds.toFixed(2)} s (CPU ${row.pandas.cpuSeconds.toFixed(2)} s), ` +
      `${row.pandas.mib.toFixed(0)} MiB; ` +
      `AUC gap ${row.largestAucGap.toExponential(1)}`,
  );
}

const machine = {
  cpus: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  loadAverageAtStart,
  loadAverageAtEnd: os.loadavg(),
};
writeFileSync(path.join(root, "bench/out/score-results.json"), JSON.stringify({ machine, results }, null, 2) + "\n");
