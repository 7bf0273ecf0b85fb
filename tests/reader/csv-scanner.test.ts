import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { CsvFormatError, maxRecordBytes, scanCsv, type ByteSource } from "../../lib/reader/csv-scanner";

/** Returns a source that hands out `text` in pieces of at most `pieceBytes`. */
function sourceOf(text: string | Uint8Array, pieceBytes = 1 << 20): ByteSource {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  let offset = 0;
  return {
    async read(target, at, length) {
      const count = Math.min(length, pieceBytes, bytes.length - offset);
      target.set(bytes.subarray(offset, offset + count), at);
      offset += count;
      return count;
    },
    async close() {},
  };
}

async function records(text: string | Uint8Array, pieceBytes?: number): Promise<{ line: number; fields: string[] }[]> {
  const found: { line: number; fields: string[] }[] = [];
  await scanCsv(sourceOf(text, pieceBytes), 16, (record) => {
    found.push({ line: record.line, fields: record.texts() });
  });
  return found;
}

describe("scanCsv", () => {
  it("splits fields and numbers lines", async () => {
    assert.deepEqual(await records("id,prediction\n1,0.5\n2,0.25\n"), [
      { line: 1, fields: ["id", "prediction"] },
      { line: 2, fields: ["1", "0.5"] },
      { line: 3, fields: ["2", "0.25"] },
    ]);
  });

  it("skips a byte order mark", async () => {
    const found = await records("\uFEFFid,prediction\n1,0.5");
    assert.deepEqual(found[0]?.fields, ["id", "prediction"]);
    assert.deepEqual(found[1], { line: 2, fields: ["1", "0.5"] });
  });

  it("accepts CRLF and CR line ends", async () => {
    assert.deepEqual(await records("a,b\r\n1,2\r\n3,4\r5,6"), [
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
      { line: 3, fields: ["3", "4"] },
      { line: 4, fields: ["5", "6"] },
    ]);
  });

  it("reads quoted fields", async () => {
    const found = await records('a,b\n"1","x, y"\n"say ""hi""",""\n');
    assert.deepEqual(found[1]?.fields, ["1", "x, y"]);
    assert.deepEqual(found[2]?.fields, ['say "hi"', ""]);
  });

  it("counts lines inside quoted fields", async () => {
    const found = await records('a,b\n"two\nlines",1\n3,4\n');
    assert.deepEqual(found[1], { line: 2, fields: ["two\nlines", "1"] });
    assert.deepEqual(found[2], { line: 4, fields: ["3", "4"] });
  });

  it("skips blank lines but keeps their numbers", async () => {
    const found = await records("a\n\n1\n\n\n2\n");
    assert.deepEqual(found, [
      { line: 1, fields: ["a"] },
      { line: 3, fields: ["1"] },
      { line: 6, fields: ["2"] },
    ]);
  });

  it("keeps empty fields", async () => {
    const found = await records("a,b,c\n,,\n");
    assert.deepEqual(found[1]?.fields, ["", "", ""]);
  });

  it("gives the same records for any piece size", async () => {
    const text = '\uFEFFid,"name",value\r\n1,"a, ""b""\nc",0.5\r\n\r\n2,d,1e-3\n3,"",\r\n';
    const whole = await records(text);
    for (const pieceBytes of [1, 2, 3, 5, 7, 11]) {
      assert.deepEqual(await records(text, pieceBytes), whole, `piece size ${pieceBytes}`);
    }
  });

  it("counts fields beyond the stored maximum", async () => {
    let count = 0;
    await scanCsv(sourceOf("a,b,c,d,e\n"), 2, (record) => {
      count = record.count;
    });
    assert.equal(count, 5);
  });

  it("rejects an unclosed quote", async () => {
    await assert.rejects(records('a,b\n1,"open\n2,3\n'), (error: unknown) => {
      assert.ok(error instanceof CsvFormatError);
      assert.equal(error.line, 2);
      assert.match(error.message, /never closed/);
      return true;
    });
  });

  it("rejects text after a closing quote", async () => {
    await assert.rejects(records('a,b\n1,"x"y\n'), (error: unknown) => {
      assert.ok(error instanceof CsvFormatError);
      assert.equal(error.line, 2);
      assert.equal(error.column, 2);
      return true;
    });
  });

  it("rejects a line longer than the maximum", async () => {
    const long = new Uint8Array(maxRecordBytes * 2 + 10).fill(97);
    await assert.rejects(records(long), /longer than/);
  });
});
