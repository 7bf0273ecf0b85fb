import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { after, describe, test } from "node:test";

import { AppError } from "@/lib/errors";
import { openStoredFile, storedFilePath, storeUpload } from "@/lib/server/storage";

const dataDir = mkdtempSync(path.join(tmpdir(), "arena-storage-"));

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Yields `count` chunks of `chunkSize` bytes, each filled with its index. */
async function* chunks(count: number, chunkSize: number): AsyncGenerator<Uint8Array> {
  for (let index = 0; index < count; index += 1) {
    yield new Uint8Array(chunkSize).fill(index % 256);
  }
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

function sha256Of(buffer: Buffer): string {
  return createHash("sha256").update(buffer).digest("hex");
}

describe("storeUpload", () => {
  test("stores a stream under its hash", async () => {
    const content = Buffer.from("id,prediction\n1,0.5\n2,0.25\n");
    const stored = await storeUpload(Readable.from([content]), { dataDir, maxBytes: 1000 });
    assert.equal(stored.sha256, sha256Of(content));
    assert.equal(stored.size, content.length);
    assert.equal(
      stored.path,
      path.join(dataDir, "uploads", stored.sha256.slice(0, 2), stored.sha256),
    );
    assert.deepEqual(readFileSync(stored.path), content);
  });

  test("hashes a many-chunk web stream", async () => {
    const expected = await collect(chunks(40, 4096));
    const web = Readable.toWeb(Readable.from(chunks(40, 4096))) as ReadableStream<Uint8Array>;
    const stored = await storeUpload(web, { dataDir, maxBytes: 1_000_000 });
    assert.equal(stored.size, 40 * 4096);
    assert.equal(stored.sha256, sha256Of(expected));
  });

  test("accepts a file exactly at the limit", async () => {
    const stored = await storeUpload(Readable.from(chunks(4, 256)), { dataDir, maxBytes: 1024 });
    assert.equal(stored.size, 1024);
  });

  test("rejects a file over the limit and deletes it", async () => {
    await assert.rejects(
      storeUpload(Readable.from(chunks(5, 256)), { dataDir, maxBytes: 1024 }),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, "payload_too_large:upload");
        assert.equal(error.status, 413);
        assert.match(error.message, /larger than the limit/);
        return true;
      },
    );
    const leftovers = readdirSync(path.join(dataDir, "uploads", "tmp"));
    assert.deepEqual(leftovers, []);
  });

  test("rejects one chunk over the limit", async () => {
    // The limit fails on the first chunk, before any byte is written.
    for (let attempt = 0; attempt < 20; attempt += 1) {
      await assert.rejects(
        storeUpload(Readable.from([Buffer.alloc(4096)]), { dataDir, maxBytes: 1024 }),
        /larger than the limit/,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(readdirSync(path.join(dataDir, "uploads", "tmp")), []);
  });

  test("deletes the partial file on a failed stream", async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(100);
      throw new Error("connection reset");
    }
    await assert.rejects(storeUpload(failing(), { dataDir, maxBytes: 1000 }), /connection reset/);
    assert.deepEqual(readdirSync(path.join(dataDir, "uploads", "tmp")), []);
  });
});

describe("stored files", () => {
  test("openStoredFile reads the content back", async () => {
    const content = Buffer.from("EventId,RankOrder,Class\n");
    const stored = await storeUpload(Readable.from([content]), { dataDir, maxBytes: 1000 });
    const stream = await openStoredFile(stored.sha256, dataDir);
    const read = await collect(stream);
    assert.deepEqual(read, content);
  });

  test("openStoredFile reports a missing file", async () => {
    await assert.rejects(openStoredFile("a".repeat(64), dataDir), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, "not_found:upload");
      return true;
    });
  });

  test("storedFilePath rejects a path outside uploads", () => {
    for (const value of ["../../etc/passwd", "A".repeat(64), "ab", `${"a".repeat(63)}/`]) {
      assert.throws(() => storedFilePath(value, dataDir), /Invalid file hash/);
    }
    assert.equal(existsSync(path.join(dataDir, "etc")), false);
  });
});
