import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { readMultipartUpload } from "@/lib/api/multipart";
import { AppError } from "@/lib/errors";

function listFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...listFiles(full));
    else found.push(full);
  }
  return found;
}

function uploadRequest(body: FormData | string, headers: Record<string, string> = {}): Request {
  return new Request("http://127.0.0.1/upload", { method: "POST", body, headers });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a rejection");
}

describe("readMultipartUpload", () => {
  let dataDir: string;
  const options = () => ({
    fileField: "file",
    textFields: ["description"],
    maxBytes: 1000,
    dataDir,
  });

  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "arena-multipart-"));
  });

  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("stores the file under its SHA-256", async () => {
    const content = "id,score\n1,0.5\n2,0.25\n";
    const form = new FormData();
    form.set("description", "first try");
    form.set("file", new Blob([content]), "../../etc/predictions.csv");
    form.set("ignored", "value");

    const upload = await readMultipartUpload(uploadRequest(form), options());
    const expectedHash = createHash("sha256").update(content).digest("hex");
    assert.equal(upload.file.sha256, expectedHash);
    assert.equal(upload.file.size, Buffer.byteLength(content));
    assert.equal(upload.file.fileName, "predictions.csv");
    assert.deepEqual(upload.fields, { description: "first try" });
    assert.equal(readFileSync(upload.file.path, "utf8"), content);
    assert.ok(upload.file.path.startsWith(path.join(dataDir, "uploads")));
  });

  test("rejects a file over the limit and stores nothing", async () => {
    const before = listFiles(dataDir).length;
    const form = new FormData();
    form.set("file", new Blob(["x".repeat(1001)]), "big.csv");
    const error = await rejection(readMultipartUpload(uploadRequest(form), options()));
    assert.equal(error.status, 413);
    assert.equal(error.code, "payload_too_large:upload");
    assert.equal(listFiles(dataDir).length, before);
  });

  test("accepts a file of exactly the limit", async () => {
    const form = new FormData();
    form.set("file", new Blob(["y".repeat(1000)]), "edge.csv");
    const upload = await readMultipartUpload(uploadRequest(form), options());
    assert.equal(upload.file.size, 1000);
  });

  test("rejects a declared length over the limit unread", async () => {
    const request = uploadRequest("irrelevant", {
      "content-type": "multipart/form-data; boundary=abc",
      "content-length": String(10 * 1024 * 1024),
    });
    const error = await rejection(readMultipartUpload(request, options()));
    assert.equal(error.status, 413);
  });

  test("rejects a body without the file field", async () => {
    const form = new FormData();
    form.set("description", "no file");
    const error = await rejection(readMultipartUpload(uploadRequest(form), options()));
    assert.equal(error.code, "bad_request:multipart");
    assert.match(error.message, /Missing the file/);
  });

  test("rejects a file in another field", async () => {
    const form = new FormData();
    form.set("upload", new Blob(["a"]), "a.csv");
    const error = await rejection(readMultipartUpload(uploadRequest(form), options()));
    assert.match(error.message, /Unexpected file field "upload"/);
  });

  test("rejects the file sent as a text field", async () => {
    const form = new FormData();
    form.set("file", "id,score");
    const error = await rejection(readMultipartUpload(uploadRequest(form), options()));
    assert.match(error.message, /must be a file part/);
  });

  test("rejects a body that is not multipart", async () => {
    const request = uploadRequest(JSON.stringify({ file: "x" }), {
      "content-type": "application/json",
    });
    const error = await rejection(readMultipartUpload(request, options()));
    assert.equal(error.status, 400);
    assert.match(error.message, /multipart\/form-data/);
  });

  test("rejects a truncated multipart body", async () => {
    const body = '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nid,score\n1,0.5';
    const request = uploadRequest(body, {
      "content-type": "multipart/form-data; boundary=abc",
    });
    const error = await rejection(readMultipartUpload(request, options()));
    assert.equal(error.code, "bad_request:multipart");
    const leftovers = listFiles(dataDir).filter((file) => file.endsWith(".part"));
    assert.deepEqual(leftovers, []);
  });
});
