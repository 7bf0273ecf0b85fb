import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { ModelSubmissionError } from "../../lib/models/errors.ts";
import { extractZip, listZipEntries } from "../../lib/models/zip.ts";
import { buildZip, type ZipEntrySpec } from "./helpers/zip-writer.ts";

let workDir: string;

before(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "zip-test-"));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function writeZip(name: string, entries: ZipEntrySpec[]): Promise<string> {
  const file = path.join(workDir, name);
  await writeFile(file, buildZip(entries));
  return file;
}

/** Extracts into its own parent folder and checks nothing was written. */
async function expectRejected(file: string, pattern: RegExp): Promise<void> {
  const parentDir = await mkdtemp(path.join(workDir, "out-"));
  await assert.rejects(extractZip(file, { parentDir }), (error: unknown) => {
    assert.ok(error instanceof ModelSubmissionError);
    assert.match(error.message, pattern);
    return true;
  });
  assert.deepEqual(await readdir(parentDir), []);
}

describe("extractZip", () => {
  test("extracts files and folders", async () => {
    const file = await writeZip("good.zip", [
      { name: "model.json", data: '{"a":1}' },
      { name: "weights/", data: "" },
      { name: "weights/group1.bin", data: new Uint8Array([1, 2, 3]), deflate: false },
    ]);
    const extracted = await extractZip(file, { parentDir: workDir });
    assert.equal(await readFile(path.join(extracted.dir, "model.json"), "utf8"), '{"a":1}');
    const weights = await readFile(path.join(extracted.dir, "weights/group1.bin"));
    assert.deepEqual([...weights], [1, 2, 3]);
    assert.deepEqual(
      extracted.entries.map((entry) => entry.name),
      ["model.json", "weights", "weights/group1.bin"],
    );
  });

  test("rejects a parent-folder path", async () => {
    const file = await writeZip("traversal.zip", [
      { name: "model.json", data: "{}" },
      { name: "../evil.txt", data: "x" },
    ]);
    await expectRejected(file, /"\.\.\/evil\.txt" has a '\.\.' segment/);
    assert.equal(existsSync(path.join(workDir, "evil.txt")), false);
  });

  test("rejects a nested parent-folder path", async () => {
    const file = await writeZip("nested.zip", [{ name: "a/../../evil.txt", data: "x" }]);
    await expectRejected(file, /'\.\.' segment/);
  });

  test("rejects an absolute path", async () => {
    const file = await writeZip("absolute.zip", [{ name: "/tmp/evil.txt", data: "x" }]);
    await expectRejected(file, /has an absolute path/);
  });

  test("rejects a drive letter", async () => {
    const file = await writeZip("drive.zip", [{ name: "C:/evil.txt", data: "x" }]);
    await expectRejected(file, /drive letter/);
  });

  test("rejects a backslash path", async () => {
    const file = await writeZip("backslash.zip", [{ name: "..\\evil.txt", data: "x" }]);
    await expectRejected(file, /backslash/);
  });

  test("rejects a symbolic link entry", async () => {
    const file = await writeZip("link.zip", [
      { name: "model.json", data: "/etc/passwd", unixMode: 0o120777 },
    ]);
    await expectRejected(file, /symbolic link/);
  });

  test("rejects a FIFO entry", async () => {
    const file = await writeZip("fifo.zip", [
      { name: "model.json", data: "", unixMode: 0o010644 },
    ]);
    await expectRejected(file, /not a regular file/);
  });

  test("rejects duplicate names", async () => {
    const file = await writeZip("duplicate.zip", [
      { name: "model.json", data: "{}" },
      { name: "./model.json", data: "{}" },
    ]);
    await expectRejected(file, /appears twice/);
  });

  test("rejects too many entries", async () => {
    const entries = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.bin`, data: "x" }));
    const file = await writeZip("many.zip", entries);
    const parentDir = await mkdtemp(path.join(workDir, "out-"));
    const limits = { maxEntries: 4, maxTotalBytes: 1e6, maxRatio: 100 };
    await assert.rejects(extractZip(file, { parentDir, limits }), /5 entries, over the limit of 4/);
    assert.deepEqual(await readdir(parentDir), []);
  });

  test("rejects a zip bomb by ratio", async () => {
    const file = await writeZip("bomb.zip", [
      { name: "model.json", data: Buffer.alloc(50 * 1024 * 1024) },
    ]);
    await expectRejected(file, /expands \d+ times \(limit 100\), which looks like a zip bomb/);
  });

  test("rejects a total size over the limit", async () => {
    const file = await writeZip("big.zip", [
      { name: "a.bin", data: "x", declaredSize: 300 * 1024 * 1024 },
      { name: "b.bin", data: "x", declaredSize: 300 * 1024 * 1024 },
    ]);
    // The ratio limit is lifted so that only the total size can reject.
    const parentDir = await mkdtemp(path.join(workDir, "out-"));
    const limits = { maxEntries: 10, maxTotalBytes: 512 * 1024 * 1024, maxRatio: 1e12 };
    await assert.rejects(
      extractZip(file, { parentDir, limits }),
      /expands to more than 512 MiB, the limit/,
    );
    assert.deepEqual(await readdir(parentDir), []);
  });

  test("rejects an entry larger than declared", async () => {
    const file = await writeZip("liar.zip", [
      { name: "model.json", data: "0123456789", declaredSize: 4 },
    ]);
    await expectRejected(file, /larger than it declares|not a readable zip/);
  });

  test("rejects a file that is not a zip", async () => {
    const file = path.join(workDir, "text.zip");
    await writeFile(file, "this is not a zip archive");
    await expectRejected(file, /not a readable zip archive/);
  });

  test("lists entries without extracting", async () => {
    const file = await writeZip("list.zip", [{ name: "model.json", data: "{}" }]);
    const entries = await listZipEntries(file);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.name, "model.json");
    assert.equal(entries[0]?.uncompressedSize, 2);
  });
});
