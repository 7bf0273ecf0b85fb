import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";

import { z } from "zod";

import { SubmissionError } from "../../lib/reader/errors";
import { maxParameterFileBytes, readParameterFile, validateParameters } from "../../lib/reader/parameters";
import { tempRoot } from "../challenge/temp-bundle";

const temp = tempRoot();
after(() => temp.cleanup());

let count = 0;
function file(content: string): string {
  const name = path.join(temp.root, `params-${count++}`);
  writeFileSync(name, content);
  return name;
}

async function rejection(content: string): Promise<SubmissionError> {
  try {
    await readParameterFile(file(content), { displayName: "params.json" });
  } catch (error) {
    assert.ok(error instanceof SubmissionError);
    return error;
  }
  assert.fail("expected the parameters to be rejected");
}

describe("readParameterFile", () => {
  it("reads a JSON object", async () => {
    assert.deepEqual(await readParameterFile(file('{"y1": 0.5, "z1": 2}')), { y1: 0.5, z1: 2 });
  });

  it("reads a one-row CSV with a BOM and CRLF", async () => {
    const values = await readParameterFile(file("\uFEFFR,pitch,y1\r\n1.0,4.0,-0.25\r\n"));
    assert.deepEqual(values, { R: 1, pitch: 4, y1: -0.25 });
  });

  it("keeps CSV text that is not a number", async () => {
    assert.deepEqual(await readParameterFile(file('mode,"x"\n"fast, safe",2e-3\n')), { mode: "fast, safe", x: 0.002 });
  });

  it("rejects malformed files", async () => {
    assert.equal((await rejection("")).reason, "empty_file");
    assert.match((await rejection('{"a": 1,}')).message, /^params\.json: invalid JSON/);
    assert.match((await rejection("[1, 2]")).message, /expected a JSON object/);
    assert.match((await rejection("a,b\n1,2\n3,4\n")).message, /found 3 non-empty lines/);
    const short = await rejection("a,b\n1\n");
    assert.equal(short.reason, "column_count");
    assert.equal(short.line, 2);
    assert.match((await rejection("a,a\n1,2\n")).message, /parameter "a" appears twice/);
  });

  it("rejects a file above the size limit", async () => {
    const error = await rejection(`{"a": "${"x".repeat(maxParameterFileBytes)}"}`);
    assert.equal(error.reason, "too_large");
  });
});

describe("validateParameters", () => {
  const schema = z.strictObject({ m0: z.number().min(0), sigma: z.number().positive() });

  it("returns the parsed parameters", () => {
    assert.deepEqual(validateParameters(schema, { m0: 91, sigma: 2 }, "p.json"), { m0: 91, sigma: 2 });
  });

  it("names each invalid parameter", () => {
    assert.throws(() => validateParameters(schema, { m0: -1, sigma: "wide", extra: 1 }, "p.json"), (error: unknown) => {
      assert.ok(error instanceof SubmissionError);
      assert.equal(error.reason, "invalid_parameters");
      assert.match(error.message, /^p\.json: invalid parameters: /);
      assert.match(error.message, /m0: /);
      assert.match(error.message, /sigma: /);
      assert.match(error.message, /extra/);
      return true;
    });
  });
});
