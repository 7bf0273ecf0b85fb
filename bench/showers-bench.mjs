#!/usr/bin/env node
// Times a staff dry run of the em-showers challenge at the real test size.
// It generates the demo data with --rows (default 7,700,000 test rows) into
// a copy of the bundle under bench/out/showers. Then it scores the
// generated baseline submission with `arena score` under /usr/bin/time -v.
//
//   node bench/showers-bench.mjs [--rows 7700000]
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { rows: { type: "string", default: "7700000" } } });
const challengesDir = path.join(root, "bench/out/showers");
const bundle = path.join(challengesDir, "em-showers");
const arena = path.join(root, "bin/arena.mjs");

function timed(args, env) {
  const result = spawnSync("/usr/bin/time", ["-v", process.execPath, arena, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0) throw new Error(`arena ${args.join(" ")} failed:\n${result.stderr}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(result.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  if (!wall || !rss) throw new Error(`could not read /usr/bin/time output:\n${result.stderr}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { seconds, mib: Number(rss[1]) / 1024, stdout: result.stdout };
}

rmSync(challengesDir, { recursive: true, force: true });
mkdirSync(challengesDir, { recursive: true });
cpSync(path.join(root, "challenges/em-showers"), bundle, {
  recursive: true,
  filter: (source) => !/[/\\](public|hidden)([/\\]|$)/.test(path.relative(root, source)),
});

const loadAtStart = os.loadavg();
const generated = timed(["challenges", "generate", "em-showers", "--rows", values.rows], {
  ARENA_CHALLENGES_DIR: challengesDir,
});
const baseline = path.join(bundle, "public/baseline-submission.csv");
if (!existsSync(baseline)) throw new Error(`the generator wrote no ${baseline}`);
const scored = timed(["score", "--challenge", bundle, "--submission", baseline, "--compact", "--roc-points", "0"]);
const result = JSON.parse(scored.stdout);
console.log(
  JSON.stringify(
    {
      rows: Number(values.rows),
      generate: { seconds: generated.seconds, mib: Math.round(generated.mib) },
      score: { seconds: scored.seconds, mib: Math.round(scored.mib) },
      scoredRows: result.rowCount,
      publicScore: result.publicScore,
      privateScore: result.privateScore,
      machine: { cpus: os.cpus().length, node: process.version, loadAtStart, loadAtEnd: os.loadavg() },
    },
    null,
    2,
  ),
);
