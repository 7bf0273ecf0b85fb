import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import { logger } from "../log";
import { ModelSubmissionError, SandboxError } from "./errors";
import {
  childFailureReasons,
  readyLine,
  type ChildJob,
  type ChildResult,
  type InspectJob,
  type InspectResult,
  type PredictJob,
  type PredictResult,
} from "./protocol";
import { bundleRunner } from "./runner-bundle";

/** Run limits of one model job, from the challenge definition. */
export interface SandboxLimits {
  /** Wall time from spawn to exit, in seconds. */
  timeLimitS: number;
  /** Peak resident memory of the whole child process, in MiB. */
  memoryMb: number;
}

export interface SandboxOptions {
  /** Folder for the job and result files; the caller creates and removes it. */
  workDir: string;
  /** Called with the child's process id once it runs (tests use it). */
  onSpawn?: (pid: number) => void;
  /** How often the child's memory is read, in milliseconds. */
  pollIntervalMs?: number;
  /** Folder that contains package.json and node_modules; defaults to the cwd. */
  projectRoot?: string;
}

export interface SandboxRun<Result> {
  result: Result;
  elapsedMs: number;
  peakRssMb: number;
}

const tensorInfoSchema = z.object({
  name: z.string(),
  isTensor: z.boolean(),
  type: z.string(),
  shape: z.array(z.union([z.number(), z.string(), z.null()])).nullable(),
});

/** The child's result file, checked before the parent trusts it. */
const childResultSchema: z.ZodType<ChildResult> = z.union([
  z.object({
    ok: z.literal(true),
    task: z.literal("inspect"),
    backend: z.string(),
    inputs: z.array(tensorInfoSchema),
    outputs: z.array(tensorInfoSchema),
    output: z.string(),
    trialShape: z.array(z.number()),
  }),
  z.object({
    ok: z.literal(true),
    task: z.literal("predict"),
    backend: z.string(),
    inputs: z.array(tensorInfoSchema),
    outputs: z.array(tensorInfoSchema),
    output: z.string(),
    width: z.number().int().positive(),
    rows: z.number().int().nonnegative(),
    loadMs: z.number(),
    inferenceMs: z.number(),
  }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(childFailureReasons),
    message: z.string(),
  }),
]);

const mib = 1024 * 1024;
const stderrKeepBytes = 16 * 1024;

let isolationCheck: Promise<string | null> | undefined;

function findOnPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Checks once per process whether `unshare --net` can give a child an
 * empty network namespace (it needs root or user namespaces). Returns the
 * unshare binary, or null after logging a warning: the children then run
 * with the host's network.
 */
export function checkNetworkIsolation(): Promise<string | null> {
  isolationCheck ??= new Promise((resolve) => {
    const unshare = findOnPath("unshare");
    if (!unshare) {
      logger.warn("model sandbox: unshare not found; model runs keep network access");
      resolve(null);
      return;
    }
    execFile(unshare, ["--net", "--", "true"], { timeout: 10_000 }, (error) => {
      if (error) {
        logger.warn(
          { err: error },
          "model sandbox: unshare --net failed; model runs keep network access",
        );
        resolve(null);
      } else {
        resolve(unshare);
      }
    });
  });
  return isolationCheck;
}

/**
 * Prefixes a command with `unshare --net --` when network isolation works
 * on this host, so it runs in a namespace with only a loopback interface.
 */
export async function withoutNetwork(command: string[]): Promise<string[]> {
  const unshare = await checkNetworkIsolation();
  return unshare ? [unshare, "--net", "--", ...command] : command;
}

/** Reads VmHWM (peak resident set) of a process in bytes, or 0 if gone. */
async function readPeakRss(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The paths a child may read and write under Node's permission model. */
export interface ChildFileAccess {
  read: string[];
  write: string[];
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/**
 * Lists the paths one job's child may use. It reads its runner bundle, the
 * project's node_modules (the runtimes, onnxruntime's add-on and the TF.js
 * .wasm files), the work folder (job file, and for TF.js the extracted
 * model), the model and the features file. It writes only the work folder,
 * so the job's output and result files must lie inside it.
 */
export function childFileAccess(
  job: ChildJob,
  workDir: string,
  projectRoot: string,
  runnerPath: string,
): ChildFileAccess {
  const work = path.resolve(workDir);
  const read = [runnerPath, path.join(projectRoot, "node_modules"), work, job.modelPath];
  const written = [job.resultPath];
  if (job.task === "predict") {
    read.push(job.featuresPath);
    written.push(job.outputPath);
  }
  for (const file of written) {
    if (!isInside(path.resolve(file), work)) {
      throw new SandboxError(`job file ${file} is outside the work folder ${work}, and the model runner may write only inside it`);
    }
  }
  const resolved = read.map((file) => path.resolve(file));
  // Node reads "*" in a permission path as a wildcard that widens access.
  const wildcard = [...resolved, work].find((file) => file.includes("*"));
  if (wildcard) {
    throw new SandboxError(`path ${wildcard} contains "*", which Node's permission model reads as a wildcard. Rename the file or folder.`);
  }
  return { read: [...new Set(resolved)], write: [work] };
}

/**
 * Builds the child's command line. Node's permission model lets the child
 * read and write only the paths in `access`, and denies it workers, child
 * processes and WASI. It allows native add-ons, because onnxruntime-node is
 * one, so onnxruntime's own C++ code is not bound by these rules.
 *
 * When `prlimit` exists, the kernel also caps the child's CPU time (SIGKILL
 * past the hard limit), a backstop that stops the child even if the parent
 * dies before its kill timer fires.
 */
export function childCommand(
  runnerPath: string,
  jobPath: string,
  access: ChildFileAccess,
  limits: SandboxLimits,
  threads: number,
): string[] {
  const node = [
    process.execPath,
    `--max-old-space-size=${Math.max(64, Math.floor(limits.memoryMb))}`,
    // Node 20 names the permission flag this way (see `node --help`).
    "--experimental-permission",
    ...access.read.map((file) => `--allow-fs-read=${file}`),
    ...access.write.map((file) => `--allow-fs-write=${file}`),
    "--allow-addons",
    runnerPath,
    jobPath,
  ];
  const prlimit = findOnPath("prlimit");
  if (!prlimit) return node;
  // Every runtime thread may use a full core, plus a margin for start-up.
  const cpuSeconds = Math.ceil(limits.timeLimitS * (Math.max(1, threads) + 1)) + 10;
  return [prlimit, `--cpu=${cpuSeconds}:${cpuSeconds}`, "--", ...node];
}

type Stop = { kind: "time" } | { kind: "memory"; peakBytes: number };

function describeExit(
  stop: Stop | undefined,
  code: number | null,
  signal: NodeJS.Signals | null,
  limits: SandboxLimits,
  elapsedMs: number,
  stderr: string,
): ModelSubmissionError | undefined {
  if (stop?.kind === "time") {
    return new ModelSubmissionError(
      "time_limit",
      `The model was stopped after ${(elapsedMs / 1000).toFixed(1)} s: it exceeded the ${limits.timeLimitS} s time limit. Use a smaller or faster model.`,
    );
  }
  if (stop?.kind === "memory") {
    const used = Math.ceil(stop.peakBytes / mib);
    return new ModelSubmissionError(
      "memory_limit",
      `The model used ${used} MiB, over the ${limits.memoryMb} MiB limit, and was stopped. Use a smaller model or fewer intermediate values.`,
    );
  }
  if (/heap out of memory/i.test(stderr)) {
    return new ModelSubmissionError(
      "memory_limit",
      `The model ran out of JavaScript heap memory (limit ${limits.memoryMb} MiB) and was stopped.`,
    );
  }
  if (code === 0 && signal === null) return undefined;
  const how = signal ? `was killed by signal ${signal}` : `exited with status ${code}`;
  return new ModelSubmissionError(
    "crashed",
    `The model process ${how} while running the model. Check that the model runs in onnxruntime or TensorFlow.js on your machine.`,
  );
}

interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True once the child printed `readyLine` (its runtime loaded). */
  ready: boolean;
  /** The last `stderrKeepBytes` of the child's standard error. */
  stderr: string;
  /** The limit that made the parent kill the child, if any. */
  stop: Stop | undefined;
  elapsedMs: number;
  peakBytes: number;
}

/**
 * Spawns the child with an empty environment, kills it when it runs past
 * the time limit or its peak resident set passes the memory limit, and
 * resolves when it exits.
 */
async function spawnWatched(
  command: string[],
  limits: SandboxLimits,
  options: SandboxOptions,
): Promise<ChildExit> {
  const [file, ...args] = command;
  const started = performance.now();
  const child = spawn(file!, args, {
    cwd: options.workDir,
    // The project's ProcessEnv type declares required keys; the child gets none.
    env: {} as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const state = { ready: false, stderr: "", stop: undefined as Stop | undefined, peakBytes: 0 };
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (text: string) => {
    if (text.includes(readyLine)) state.ready = true;
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    state.stderr = (state.stderr + text).slice(-stderrKeepBytes);
  });
  if (child.pid !== undefined) options.onSpawn?.(child.pid);

  const memoryLimitBytes = limits.memoryMb * mib;
  const watch = setInterval(() => {
    if (child.pid === undefined) return;
    void readPeakRss(child.pid).then((bytes) => {
      state.peakBytes = Math.max(state.peakBytes, bytes);
      if (bytes > memoryLimitBytes && !state.stop) {
        state.stop = { kind: "memory", peakBytes: bytes };
        child.kill("SIGKILL");
      }
    });
  }, options.pollIntervalMs ?? 20);
  const timer = setTimeout(() => {
    state.stop ??= { kind: "time" };
    child.kill("SIGKILL");
  }, limits.timeLimitS * 1000);

  try {
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code, signal) => resolve({ code, signal }));
      },
    );
    return { ...exit, ...state, elapsedMs: performance.now() - started };
  } catch (error) {
    throw new SandboxError("the model runner process could not start", { cause: error });
  } finally {
    clearInterval(watch);
    clearTimeout(timer);
  }
}

/** Reads and checks the child's result file; null when it is missing or invalid. */
async function readChildResult(resultPath: string): Promise<ChildResult | null> {
  try {
    const parsed = childResultSchema.safeParse(JSON.parse(await readFile(resultPath, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Runs one job in a fresh child process (see runner-child.ts) in its own
 * network namespace (when the host allows it), with an empty environment,
 * a kill timer and a memory watch that polls the child's peak resident
 * set. Throws ModelSubmissionError when the model breaks a limit, crashes
 * the child or is reported unusable, and SandboxError when the child
 * cannot start or its runtime does not load.
 *
 * The child runs a bundle of the runner (see runner-bundle.ts) under
 * Node's permission model, which limits its JavaScript file access to the
 * paths from childFileAccess.
 *
 * NOTE: onnxruntime's native code is not bound by that model. It opens
 * only the model file, because ONNX models cannot name other files except
 * through external data, which the upload checks reject.
 */
async function runChild(
  job: ChildJob,
  limits: SandboxLimits,
  options: SandboxOptions,
): Promise<SandboxRun<InspectResult | PredictResult>> {
  // The child runs in the work folder, so every path it reads is absolute.
  const absolute = { ...job, modelPath: path.resolve(job.modelPath), resultPath: path.resolve(job.resultPath) };
  if (absolute.task === "predict") {
    absolute.featuresPath = path.resolve(absolute.featuresPath);
    absolute.outputPath = path.resolve(absolute.outputPath);
  }
  const jobPath = path.resolve(options.workDir, `${job.task}-job.json`);
  await writeFile(jobPath, JSON.stringify(absolute), { mode: 0o600 });
  const projectRoot = path.resolve(options.projectRoot ?? process.cwd());
  if (!existsSync(path.join(projectRoot, "lib/models/runner-child.ts"))) {
    throw new SandboxError(`model runner not found in ${projectRoot}/lib/models. Start the server from the project folder.`);
  }
  const runnerPath = await bundleRunner(projectRoot);
  const access = childFileAccess(absolute, options.workDir, projectRoot, runnerPath);
  const command = childCommand(runnerPath, jobPath, access, limits, job.threads);
  const exit = await spawnWatched(await withoutNetwork(command), limits, options);
  const stats = { elapsedMs: exit.elapsedMs, peakRssMb: exit.peakBytes / mib };
  const logFields = { task: job.task, format: job.format, code: exit.code, signal: exit.signal, ...stats };

  const failure = describeExit(exit.stop, exit.code, exit.signal, limits, exit.elapsedMs, exit.stderr);
  if (failure) {
    if (!exit.ready && !exit.stop && failure.modelReason === "crashed") {
      logger.error({ ...logFields, stderr: exit.stderr }, "model runner failed before its runtime loaded");
      throw new SandboxError("the model runner failed to start", { cause: failure });
    }
    logger.info({ ...logFields, reason: failure.modelReason }, "model job stopped");
    throw failure;
  }

  const result = await readChildResult(job.resultPath);
  if (!result) {
    logger.error({ ...logFields, stderr: exit.stderr }, "model runner wrote no valid result");
    throw new SandboxError("the model runner wrote no valid result");
  }
  if (!result.ok) {
    if (result.reason === "runtime_unavailable" || result.reason === "runner_error") {
      logger.error({ ...logFields, reason: result.reason, message: result.message }, "model runner failed");
      throw new SandboxError(`the model runner failed: ${result.message.split("\n")[0]}`);
    }
    throw new ModelSubmissionError(result.reason, `The model was rejected: ${result.message}.`);
  }
  return { result, ...stats };
}

/** Loads a model in the sandbox and reports its inputs, outputs and trial output shape. */
export async function inspectInSandbox(
  job: Omit<InspectJob, "task" | "resultPath">,
  limits: SandboxLimits,
  options: SandboxOptions,
): Promise<SandboxRun<InspectResult>> {
  const resultPath = path.join(options.workDir, "inspect-result.json");
  const run = await runChild({ ...job, task: "inspect", resultPath }, limits, options);
  if (run.result.task !== "inspect") throw new SandboxError("the model runner returned the result of another task");
  return { ...run, result: run.result };
}

/** Runs a model in the sandbox on a features file and writes its outputs. */
export async function predictInSandbox(
  job: Omit<PredictJob, "task" | "resultPath">,
  limits: SandboxLimits,
  options: SandboxOptions,
): Promise<SandboxRun<PredictResult>> {
  const resultPath = path.join(options.workDir, "predict-result.json");
  const run = await runChild({ ...job, task: "predict", resultPath }, limits, options);
  if (run.result.task !== "predict") throw new SandboxError("the model runner returned the result of another task");
  return { ...run, result: run.result };
}
