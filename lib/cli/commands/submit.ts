import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";

export const summary = "Upload a submission through the API and wait for its score";

const help = `Usage: arena submit <challenge-slug> <file> [--description TEXT] [--url URL] [--timeout SECONDS]

Uploads <file> to the challenge, shows the upload progress, then waits
until the submission is scored and prints its public score and checks.

  --description TEXT  A note stored with the submission (at most 1000 characters).
  --url URL           The site's base URL (default: ARENA_URL or http://localhost:3000).
  --timeout SECONDS   How long to wait for the score (default 1800).

The API token comes from the ARENA_TOKEN environment variable. Create one
on the account page or with \`arena tokens create --email EMAIL\`.

Exit status: 0 scored, 2 invalid input or a failed submission, 1 other errors.`;

interface SubmissionJson {
  id: string;
  status: "queued" | "scoring" | "scored" | "failed";
  publicScore: number | null;
  checks: { name: string; title?: string | null; value: number | null; comparison?: string | null; threshold: number; passed: boolean }[] | null;
  passedChecks: boolean | null;
  error: string | null;
  failureKind: "submission" | "platform" | null;
  fileName: string;
}

interface ErrorJson {
  error?: { code?: string; message?: string };
}

/** An API or network failure with the exit status it leads to. */
class SubmitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Prints upload progress: a line that updates on a terminal, tenths otherwise. */
function progressReporter(): (sent: number, total: number) => void {
  const interactive = process.stderr.isTTY === true;
  let lastTenth = -1;
  return (sent, total) => {
    const percent = total === 0 ? 100 : Math.floor((sent / total) * 100);
    if (interactive) {
      process.stderr.write(`\rUploading: ${percent}% (${formatBytes(sent)} of ${formatBytes(total)})`);
      if (sent >= total) process.stderr.write("\n");
      return;
    }
    const tenth = Math.floor(percent / 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      process.stderr.write(`Uploading: ${percent}% (${formatBytes(sent)} of ${formatBytes(total)})\n`);
    }
  };
}

function quoteHeaderValue(value: string): string {
  return value.replace(/["\r\n\\]/g, "_");
}

/**
 * Builds a multipart/form-data body that streams the file from disk and
 * reports how many bytes of the whole body fetch has read.
 */
async function multipartBody(
  filePath: string,
  description: string | undefined,
  onProgress: (sent: number, total: number) => void,
): Promise<{ body: Readable; contentType: string; length: number }> {
  const boundary = `----arena${randomBytes(12).toString("hex")}`;
  const fileSize = (await stat(filePath)).size;
  const parts: Buffer[] = [];
  if (description !== undefined) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\n${description}\r\n`,
      ),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoteHeaderValue(path.basename(filePath))}"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
    ),
  );
  const head = Buffer.concat(parts);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + fileSize + tail.length;

  async function* chunks(): AsyncGenerator<Buffer> {
    let sent = 0;
    const report = (chunk: Buffer) => {
      sent += chunk.length;
      onProgress(sent, length);
      return chunk;
    };
    yield report(head);
    for await (const chunk of createReadStream(filePath, { highWaterMark: 256 * 1024 })) {
      yield report(chunk as Buffer);
    }
    yield report(tail);
  }
  return {
    body: Readable.from(chunks()),
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
  };
}

async function readError(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as ErrorJson;
    if (body.error?.message) return body.error.message;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return text.slice(0, 500) || response.statusText;
}

function exitCodeForStatus(status: number): number {
  return status === 400 || status === 404 || status === 413 ? 2 : 1;
}

async function request(url: string, init: RequestInit & { duplex?: "half" }): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new SubmitError(`Cannot reach ${new URL(url).origin}: ${reason}. Check --url and that the server runs.`, 1);
  }
}

async function upload(
  baseUrl: string,
  token: string,
  slug: string,
  filePath: string,
  description: string | undefined,
): Promise<SubmissionJson> {
  // fetch may go on reading the body after the request has failed or the
  // response has arrived, so progress stops then and never prints after
  // the error.
  const reportProgress = progressReporter();
  let settled = false;
  const { body, contentType, length } = await multipartBody(filePath, description, (sent, total) => {
    if (!settled) reportProgress(sent, total);
  });
  let response: Response;
  try {
    response = await request(`${baseUrl}/api/v1/challenges/${encodeURIComponent(slug)}/submissions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": contentType,
        "content-length": String(length),
      },
      body: Readable.toWeb(body) as ReadableStream<Uint8Array>,
      duplex: "half",
    });
  } finally {
    settled = true;
  }
  if (response.status !== 201) {
    throw new SubmitError(`Upload rejected (HTTP ${response.status}): ${await readError(response)}`, exitCodeForStatus(response.status));
  }
  return ((await response.json()) as { submission: SubmissionJson }).submission;
}

async function waitForScore(
  baseUrl: string,
  token: string,
  id: string,
  timeoutSeconds: number,
): Promise<SubmissionJson> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let delayMs = 500;
  let lastStatus = "";
  for (;;) {
    const response = await request(`${baseUrl}/api/v1/submissions/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw new SubmitError(`Reading submission ${id} failed (HTTP ${response.status}): ${await readError(response)}`, 1);
    }
    const submission = ((await response.json()) as { submission: SubmissionJson }).submission;
    if (submission.status === "scored" || submission.status === "failed") return submission;
    if (submission.status !== lastStatus) {
      lastStatus = submission.status;
      process.stderr.write(`Status: ${submission.status}\n`);
    }
    if (Date.now() >= deadline) {
      throw new SubmitError(
        `Submission ${id} is still ${submission.status} after ${timeoutSeconds} s. It keeps going on the server; check it later on its page.`,
        1,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 1.5, 5000);
  }
}

function printResult(submission: SubmissionJson): number {
  if (submission.status === "failed") {
    const headline =
      submission.failureKind === "platform"
        ? "The platform failed to score it"
        : "The submission failed";
    console.log(`${headline}: ${submission.error ?? "no reason given"}`);
    return submission.failureKind === "platform" ? 1 : 2;
  }
  console.log(`Public score: ${submission.publicScore}`);
  for (const check of submission.checks ?? []) {
    const verdict = check.passed ? "passed" : "FAILED";
    console.log(
      `Check ${check.title ?? check.name}: ${check.value} ${check.comparison ?? "vs"} ${check.threshold}: ${verdict}`,
    );
  }
  if (submission.passedChecks === false) {
    console.log("A check failed, so this submission is not ranked on the leaderboard.");
  }
  return 0;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        description: { type: "string" },
        url: { type: "string" },
        timeout: { type: "string", default: "1800" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    console.error(`arena submit: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(help);
    return 0;
  }
  const [slug, filePath] = positionals;
  if (!slug || !filePath || positionals.length > 2) {
    console.error(`arena submit: give a challenge slug and one file.\n\n${help}`);
    return 2;
  }
  const token = process.env.ARENA_TOKEN?.trim();
  if (!token) {
    console.error(
      "arena submit: ARENA_TOKEN is not set. Create a token on the account page or with `arena tokens create --email EMAIL`, then export ARENA_TOKEN=<token>.",
    );
    return 2;
  }
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    console.error(`arena submit: invalid --timeout "${values.timeout}": give a positive number of seconds.`);
    return 2;
  }
  const baseUrl = (values.url ?? process.env.ARENA_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  try {
    new URL(baseUrl);
  } catch {
    console.error(`arena submit: invalid --url "${baseUrl}": give a URL such as http://localhost:3000.`);
    return 2;
  }
  try {
    const fileInfo = await stat(filePath);
    if (!fileInfo.isFile()) throw new Error("not a file");
  } catch {
    console.error(`arena submit: cannot read the file ${filePath}. Check the path.`);
    return 2;
  }

  try {
    const created = await upload(baseUrl, token, slug, filePath, values.description);
    process.stderr.write(`Submission ${created.id} accepted; waiting for the score.\n`);
    const finished = await waitForScore(baseUrl, token, created.id, timeoutSeconds);
    return printResult(finished);
  } catch (error) {
    if (error instanceof SubmitError) {
      console.error(`arena submit: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}
