import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { after, before, describe, test } from "node:test";

import { BundleError } from "../../lib/challenge/errors.ts";
import { loadFeatureMatrix, readFeatureCsv } from "../../lib/models/features.ts";

let workDir: string;

before(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "features-test-"));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function writeCsv(name: string, text: string): Promise<string> {
  const file = path.join(workDir, name);
  await writeFile(file, name.endsWith(".gz") ? gzipSync(text) : text);
  return file;
}

describe("readFeatureCsv", () => {
  test("orders columns as listed", async () => {
    const file = await writeCsv("order.csv", "b,id,a\n2,x1,1\n4,x2,3\n");
    const read = await readFeatureCsv({ file, idColumn: "id", featureColumns: ["a", "b"] });
    assert.deepEqual(read.ids, ["x1", "x2"]);
    assert.deepEqual(Array.from(read.values), [1, 2, 3, 4]);
  });

  test("reads gzip, BOM and CRLF", async () => {
    const file = await writeCsv("crlf.csv.gz", "\uFEFFid,a\r\n7,0.5\r\n8,-1.25\r\n");
    const read = await readFeatureCsv({ file, idColumn: "id", featureColumns: ["a"] });
    assert.deepEqual(read.ids, ["7", "8"]);
    assert.deepEqual(Array.from(read.values), [0.5, -1.25]);
  });

  test("empty and nan cells are NaN", async () => {
    const file = await writeCsv("missing.csv", "id,a,b\n1,,nan\n");
    const read = await readFeatureCsv({ file, idColumn: "id", featureColumns: ["a", "b"] });
    assert.ok(Number.isNaN(read.values[0]));
    assert.ok(Number.isNaN(read.values[1]));
  });

  test("missing column is a bundle error", async () => {
    const file = await writeCsv("no-column.csv", "id,a\n1,2\n");
    await assert.rejects(readFeatureCsv({ file, idColumn: "id", featureColumns: ["a", "c"] }), (error) => {
      assert.ok(error instanceof BundleError);
      assert.match(error.message, /no column "c"/);
      return true;
    });
  });

  test("infinite value is a bundle error", async () => {
    const file = await writeCsv("infinite.csv", "id,a\n1,2\n2,Infinity\n");
    await assert.rejects(readFeatureCsv({ file, idColumn: "id", featureColumns: ["a"] }), (error) => {
      assert.ok(error instanceof BundleError);
      assert.equal(error.line, 3);
      assert.match(error.message, /feature "a" is not a finite number/);
      return true;
    });
  });
});

describe("loadFeatureMatrix", () => {
  test("integer ids become numbers", async () => {
    const file = await writeCsv("integer-ids.csv", "id,a\n10,1\n-3,2\n0,3\n");
    const cacheDir = path.join(workDir, "cache-integer");
    const matrix = await loadFeatureMatrix({ file, idColumn: "id", featureColumns: ["a"] }, cacheDir);
    assert.ok(matrix.ids instanceof Float64Array);
    assert.deepEqual(Array.from(matrix.ids), [10, -3, 0]);
    assert.equal(matrix.rows, 3);
  });

  test("non-canonical ids stay text", async () => {
    const file = await writeCsv("text-ids.csv", "id,a\n007,1\n8,2\n");
    const cacheDir = path.join(workDir, "cache-text");
    const matrix = await loadFeatureMatrix({ file, idColumn: "id", featureColumns: ["a"] }, cacheDir);
    assert.deepEqual(matrix.ids, ["007", "8"]);
  });

  test("second load reads the cache", async () => {
    const file = await writeCsv("cached.csv", "id,a,b\n1,0.25,4\n2,8,-2\n");
    const cacheDir = path.join(workDir, "cache-reuse");
    const source = { file, idColumn: "id", featureColumns: ["a", "b"] };
    const first = await loadFeatureMatrix(source, cacheDir);
    const files = await readdir(cacheDir);
    const second = await loadFeatureMatrix(source, cacheDir);
    assert.equal(second.binaryPath, first.binaryPath);
    assert.deepEqual(Array.from(second.ids as Float64Array), [1, 2]);
    assert.deepEqual(await readdir(cacheDir), files);
    assert.deepEqual(files.sort(), [path.basename(first.binaryPath), path.basename(first.binaryPath, ".f32") + ".idn"].sort());
  });

  test("changed column list converts again", async () => {
    const file = await writeCsv("columns.csv", "id,a,b\n1,5,6\n");
    const cacheDir = path.join(workDir, "cache-columns");
    const both = await loadFeatureMatrix({ file, idColumn: "id", featureColumns: ["a", "b"] }, cacheDir);
    const swapped = await loadFeatureMatrix({ file, idColumn: "id", featureColumns: ["b", "a"] }, cacheDir);
    assert.notEqual(swapped.binaryPath, both.binaryPath);
  });
});
