import { readFileSync, unlinkSync, openSync, writeSync, closeSync } from "node:fs";
import path from "node:path";

import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";

/**
 * The contents of `<folder>.lock`, a file beside the guarded folder. `startedAt` is the holder's process
 * start time in milliseconds since the epoch, so that a new process that
 * reuses a dead holder's pid is not mistaken for the holder.
 */
interface LockInfo {
  pid: number;
  startedAt: number;
  command: string;
}

export interface FolderLock {
  path: string;
  release(): void;
}

/** How far the recorded and the measured start time may differ, in ms. */
const startTimeTolerance = 5000;

function processStartedAt(): number {
  return Math.round(Date.now() - process.uptime() * 1000);
}

/**
 * Returns the start time of `pid` in ms since the epoch from Linux's /proc,
 * or undefined where /proc is not available.
 */
function startTimeOfPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces; fields after it are
    // counted from the closing parenthesis. Field 22 is the start time in
    // clock ticks after boot.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    const bootLine = readFileSync("/proc/stat", "utf8")
      .split("\n")
      .find((line) => line.startsWith("btime "));
    if (!bootLine || !Number.isFinite(ticks)) return undefined;
    const bootSeconds = Number(bootLine.split(" ")[1]);
    // NOTE: assumes 100 clock ticks per second, the Linux default (USER_HZ).
    return Math.round(bootSeconds * 1000 + ticks * 10);
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Checks whether the process recorded in `info` still runs. */
function holderIsRunning(info: LockInfo): boolean {
  if (!isAlive(info.pid)) return false;
  const measured = startTimeOfPid(info.pid);
  if (measured === undefined) return true;
  return Math.abs(measured - info.startedAt) <= startTimeTolerance;
}

function readLock(lockPath: string): LockInfo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, "utf8")) as Partial<LockInfo>;
    if (typeof parsed.pid !== "number" || typeof parsed.startedAt !== "number") {
      return undefined;
    }
    return {
      pid: parsed.pid,
      startedAt: parsed.startedAt,
      command: String(parsed.command ?? ""),
    };
  } catch {
    return undefined;
  }
}

function lockedError(folder: string, holder: LockInfo | undefined): AppError {
  const by = holder ? ` by process ${holder.pid} (${holder.command})` : "";
  return new AppError(
    "unavailable:database_locked",
    `The embedded database in ${folder} is in use${by}. PGlite allows one ` +
      "process per data folder: stop the running server first, or set " +
      "DATABASE_URL to a PostgreSQL database that several processes can share.",
  );
}

/**
 * Takes the lock file of an embedded database folder, or throws an
 * `unavailable:database_locked` AppError naming the folder when a running
 * process holds it. A lock left by a dead process is taken over.
 */
export function acquireFolderLock(folder: string): FolderLock {
  const lockPath = `${folder}.lock`;
  const info: LockInfo = {
    pid: process.pid,
    startedAt: processStartedAt(),
    command: process.argv.slice(1, 3).map((part) => path.basename(part)).join(" "),
  };

  for (let attempt = 0; attempt < 3; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(lockPath, "wx", 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(lockPath);
      if (holder && holderIsRunning(holder)) throw lockedError(folder, holder);
      logger.warn(
        { lockPath, stalePid: holder?.pid },
        "taking over the stale lock of a process that no longer runs",
      );
      try {
        unlinkSync(lockPath);
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== "ENOENT") throw unlinkError;
      }
      continue;
    }
    writeSync(fd, JSON.stringify(info));
    closeSync(fd);
    // Next.js ends the process on SIGTERM without waiting for our close, so
    // the lock is also deleted on exit.
    const onExit = () => releaseFolderLock(lockPath);
    process.once("exit", onExit);
    return {
      path: lockPath,
      release: () => {
        process.removeListener("exit", onExit);
        releaseFolderLock(lockPath);
      },
    };
  }
  throw lockedError(folder, readLock(lockPath));
}

/**
 * Throws the same `unavailable:database_locked` AppError as
 * `acquireFolderLock` when a running process has the folder locked, without
 * taking the lock. `npm start` calls it to fail before building.
 */
export function assertFolderUnlocked(folder: string): void {
  const holder = readLock(`${folder}.lock`);
  if (holder && holder.pid !== process.pid && holderIsRunning(holder)) {
    throw lockedError(folder, holder);
  }
}

/** Deletes the lock file if this process still holds it. */
function releaseFolderLock(lockPath: string): void {
  const holder = readLock(lockPath);
  if (holder?.pid !== process.pid) return;
  try {
    unlinkSync(lockPath);
  } catch (error) {
    logger.warn({ err: error, lockPath }, "deleting the database lock file failed");
  }
}
