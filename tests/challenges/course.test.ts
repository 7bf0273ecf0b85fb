import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { after, before, describe, test } from "node:test";

import { readCsvTable, splitCsvLine, SourceFormatError } from "../../lib/course/csv-reader";
import { writeCsv } from "../../lib/course/csv-writer";
import { buildData, readDataSource } from "../../lib/course/data-folders";
import { masslessPairMass } from "../../lib/course/physics";
import { createRandom } from "../../lib/course/random";
import { histogramOverRange } from "../../challenges/z-boson-peak/histogram";
import { countHitTubes, layerOffsets } from "../../challenges/tracker-geometry/geometry";
import { readFixture } from "./helpers";

const streams = readFixture<{ streams: Record<string, { next32: number[]; uniform: number[] }> }>("random-stream");

describe("createRandom", () => {
  test("matches the Python sfc32 port", () => {
    for (const [seed, expected] of Object.entries(streams.streams)) {
      const random = createRandom(Number(seed));
      assert.deepEqual(Array.from({ length: 5 }, () => random.next32()), expected.next32, `seed ${seed}`);
      assert.deepEqual(Array.from({ length: 5 }, () => random.uniform()), expected.uniform, `seed ${seed}`);
    }
  });

  test("normal deviates have unit variance", () => {
    const random = createRandom(11);
    const n = 200000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const value = random.normal();
      sum += value;
      squares += value * value;
    }
    const mean = sum / n;
    // Standard errors: 1/sqrt(n) for the mean, sqrt(2/n) for the variance.
    assert.ok(Math.abs(mean) < 5 / Math.sqrt(n), `mean ${mean}`);
    assert.ok(Math.abs(squares / n - mean * mean - 1) < 5 * Math.sqrt(2 / n), "variance");
  });

  test("non-integer seed is rejected", () => {
    assert.throws(() => createRandom(1.5), /seed must be a safe integer, got 1.5/);
  });
});

describe("CSV helpers", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "arena-course-csv-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("numbers round-trip exactly", async () => {
    const values = [0.1, 1 / 3, 1e-300, -2.5e21, Math.PI];
    const file = path.join(dir, "values.csv");
    await writeCsv(file, ["x"], values.map((value) => [value]));
    const table = await readCsvTable(file);
    assert.deepEqual(Array.from(table.numbers("x")), values);
  });

  test("gzip, BOM, CRLF and quotes are read", async () => {
    const file = path.join(dir, "mixed.csv.gz");
    writeFileSync(file, gzipSync('\uFEFFname,value\r\n"a, b",1\r\n\r\n"say ""hi""",2\r\n'));
    const table = await readCsvTable(file);
    assert.deepEqual(table.header, ["name", "value"]);
    assert.deepEqual(table.text("name"), ["a, b", 'say "hi"']);
    assert.deepEqual(Array.from(table.numbers("value")), [1, 2]);
    assert.deepEqual(table.lines, [2, 4]);
  });

  test("short row names its line", async () => {
    const file = path.join(dir, "short.csv");
    writeFileSync(file, "a,b\n1,2\n3\n");
    await assert.rejects(readCsvTable(file), /short\.csv, line 3: expected 2 cells like the header, found 1/);
  });

  test("non-numeric cell names line and column", async () => {
    const file = path.join(dir, "text.csv");
    writeFileSync(file, "a,b\n1,2\n3,NaN\n");
    const table = await readCsvTable(file);
    assert.throws(() => table.numbers("b"), (error: unknown) => {
      assert.ok(error instanceof SourceFormatError);
      assert.match(error.message, /text\.csv, line 3, column "b": expected a finite number, found "NaN"/);
      return true;
    });
  });

  test("missing columns are listed together", async () => {
    const file = path.join(dir, "few.csv");
    writeFileSync(file, "a\n1\n");
    const table = await readCsvTable(file);
    assert.throws(() => table.requireColumns(["a", "b", "c"]), /few\.csv: missing columns "b", "c"/);
  });

  test("splitCsvLine keeps empty cells", () => {
    assert.deepEqual(splitCsvLine("1,,3,"), ["1", "", "3", ""]);
  });
});

describe("buildData", () => {
  test("failed build keeps the previous data", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "arena-course-build-"));
    try {
      const source = { kind: "synthetic" as const, slug: "x", description: "first", seed: 1, inputs: [], rows: {} };
      await buildData(dir, async (build) => {
        writeFileSync(path.join(build.publicDir, "data.csv"), "a\n1\n");
        return source;
      });
      await assert.rejects(
        buildData(dir, async (build) => {
          writeFileSync(path.join(build.publicDir, "data.csv"), "a\n2\n");
          throw new Error("generator failed");
        }),
        /generator failed/,
      );
      assert.equal(readFileSync(path.join(dir, "public", "data.csv"), "utf8"), "a\n1\n");
      assert.equal((await readDataSource(dir))?.description, "first");
      assert.deepEqual(readdirSync(dir).sort(), ["hidden", "public"]);
      assert.equal(existsSync(path.join(dir, "hidden", "source.json")), true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("physics and geometry helpers", () => {
  test("pair mass of back-to-back muons", () => {
    // Two 45.5 GeV muons at eta 0 and opposite azimuths: M = 2 * 45.5.
    assert.equal(masslessPairMass(45.5, 0, 0, 45.5, 0, Math.PI), 91);
  });

  test("histogram puts the maximum in the last bin", () => {
    const histogram = histogramOverRange(Float64Array.from([0, 1, 2, 3, 4]), 4);
    assert.deepEqual(histogram.counts, [1, 1, 1, 2]);
    assert.deepEqual(histogram.centres, [0.5, 1.5, 2.5, 3.5]);
  });

  test("steep track hits several tubes of a layer", () => {
    // Slope 10: the track crosses y over R * sqrt(101) ~ 10 either side of
    // the hit point, which spans five tube centres 4 apart.
    const offsets = layerOffsets({ y1: 0, y2: 0, y3: 0, z1: 2, z2: 2, z3: 2 }).slice(0, 1);
    assert.equal(countHitTubes(10, 0, offsets), 5);
  });

  test("track through a gap hits nothing", () => {
    const offsets = layerOffsets({ y1: 0, y2: 0, y3: 0, z1: 2, z2: 4, z3: 6 });
    assert.equal(countHitTubes(0, 2, offsets), 0);
  });
});
