import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";

import { z } from "zod";

import { POST as nextAuthPost } from "@/app/api/auth/[...nextauth]/route";
import { POST as selectSubmission } from "@/app/api/v1/submissions/[id]/select/route";
import { parseJsonBody } from "@/lib/api/parse";
import { AppError } from "@/lib/errors";
import { baseUrl, expectError } from "./helpers";

// The sign-in route reads the auth secret, which is generated here.
const dataDir = mkdtempSync(path.join(tmpdir(), "arena-body-"));
process.env.ARENA_DATA_DIR = dataDir;
after(() => rmSync(dataDir, { recursive: true, force: true }));

const mebibyte = 1024 * 1024;

/**
 * Builds a request body of `totalBytes` spaces, sent in 64 KiB chunks
 * without a Content-Length, and a counter of the bytes pulled from it.
 */
function countingBody(totalBytes: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (counter.pulled >= totalBytes) {
          controller.close();
          return;
        }
        counter.pulled += chunk.length;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

function postRequest(
  urlPath: string,
  body: ReadableStream<Uint8Array> | string,
  headers: Record<string, string> = {},
): Request {
  return new Request(`${baseUrl}${urlPath}`, {
    method: "POST",
    headers: { host: "127.0.0.1:3000", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

describe("request body limits", () => {
  test("JSON body within the limit parses", async () => {
    const request = postRequest("/x", '{"selected":false}', { "content-type": "application/json" });
    const body = await parseJsonBody(z.object({ selected: z.boolean() }), request);
    assert.deepEqual(body, { selected: false });
  });

  test("chunked JSON body stops at the limit", async () => {
    const { stream, counter } = countingBody(64 * mebibyte);
    const request = postRequest("/x", stream, { "content-type": "application/json" });
    await assert.rejects(
      parseJsonBody(z.object({}), request),
      (error: unknown) => error instanceof AppError && error.code === "payload_too_large:body",
    );
    assert.ok(counter.pulled < mebibyte, `the parser read ${counter.pulled} bytes`);
  });

  test("declared oversized JSON body is not read", async () => {
    const { stream, counter } = countingBody(64 * mebibyte);
    const request = postRequest("/x", stream, {
      "content-type": "application/json",
      "content-length": String(64 * mebibyte),
    });
    await assert.rejects(
      parseJsonBody(z.object({}), request),
      (error: unknown) => error instanceof AppError && error.code === "payload_too_large:body",
    );
    assert.equal(counter.pulled, 0);
  });

  test("anonymous select is rejected unread", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    const { stream, counter } = countingBody(64 * mebibyte);
    const response = await selectSubmission(
      postRequest(`/api/v1/submissions/${id}/select`, stream, { "content-type": "application/json" }),
      { params: Promise.resolve({ id }) },
    );
    await expectError(response, 401, "unauthorized:sign_in_required");
    assert.equal(counter.pulled, 0);
  });

  test("oversized sign-in body stops early", async () => {
    const { stream, counter } = countingBody(64 * mebibyte);
    const response = await nextAuthPost(
      postRequest("/api/auth/callback/credentials", stream, {
        "content-type": "application/x-www-form-urlencoded",
      }) as never,
      { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) },
    );
    await expectError(response, 413, "payload_too_large:body");
    assert.ok(counter.pulled < mebibyte, `the sign-in route read ${counter.pulled} bytes`);
  });
});
