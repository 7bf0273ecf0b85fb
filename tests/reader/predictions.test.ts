import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { gzipSync } from "node:zlib";

import { loadBundle } from "../../lib/challenge/load";
import { SubmissionError, type SubmissionErrorReason } from "../../lib/reader/errors";
import { checkSubmissionHeader, readPredictionFile } from "../../lib/reader/predictions";
import { loadAnswerKey } from "../../lib/scoring/answer-key";
import { scoreSubmission } from "../../lib/scoring/score";
import { definitionYaml, fixturesDir, tempRoot } from "../challenge/temp-bundle";

const temp = tempRoot();
after(() => temp.cleanup());

const tinyAuc = loadBundle(path.join(fixturesDir, "tiny-auc"));
const higgs = loadBundle(path.join(fixturesDir, "random-higgs"));

// A key whose label, weight and Usage values are distinctive, so a test can
// check that no message repeats them.
const secretWeights = ["31.41592", "27.18281", "16.18033", "14.14213"];
const secretBundle = loadBundle(
  temp.bundle("secret", {
    "challenge.yaml": definitionYaml("secret", "").replace(
      "scores: { submission: prediction }",
      "scores: { submission: prediction }\n    weights: { answer_key: weight }",
    ),
    "page.md": "# Page\n",
    "hidden/answer_key.csv":
      "id,signal,weight,Usage\n" +
      `11,1,${secretWeights[0]},Public\n12,0,${secretWeights[1]},Public\n` +
      `13,1,${secretWeights[2]},Private\n14,0,${secretWeights[3]},Private\n`,
  }),
);

const goodLines = ["id,prediction", "1,0.9", "2,0.3", "3,0.4", "4,0.4", "5,0.1", "6,0.8", "7,0.2", "8,0.6", "9,0.7", "10,0.5"];

let fileCount = 0;
function writeSubmission(content: string | Uint8Array, name = "submission.csv"): string {
  const file = path.join(temp.root, `${fileCount++}-${name}`);
  writeFileSync(file, content);
  return file;
}

async function readError(bundle: typeof tinyAuc, content: string | Uint8Array): Promise<SubmissionError> {
  const key = await loadAnswerKey(bundle);
  try {
    await readPredictionFile(bundle, key.index, writeSubmission(content), { displayName: "submission.csv" });
  } catch (error) {
    assert.ok(error instanceof SubmissionError, `expected a SubmissionError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the submission to be rejected");
}

function assertLocated(
  error: SubmissionError,
  reason: SubmissionErrorReason,
  line: number | undefined,
  column: number | undefined,
  message: RegExp,
): void {
  assert.equal(error.reason, reason);
  assert.equal(error.line, line);
  assert.equal(error.column, column);
  assert.match(error.message, message);
  assert.equal(error.status, 400);
}

describe("readPredictionFile", () => {
  it("scores the hand-checked file", async () => {
    const result = await scoreSubmission(tinyAuc, writeSubmission(goodLines.join("\n")));
    assert.ok(Math.abs(result.publicScore - 5.75 / 6) < 1e-12);
    assert.ok(Math.abs(result.privateScore - 5.5 / 7.5) < 1e-12);
  });

  it("accepts a BOM, CRLF, quotes and any column order", async () => {
    const swapped = goodLines.map((line) => {
      const [id, prediction] = line.split(",");
      return `"${prediction}",${id}`;
    });
    const text = "\uFEFF" + swapped.join("\r\n") + "\r\n";
    const result = await scoreSubmission(tinyAuc, writeSubmission(text));
    const plain = await scoreSubmission(tinyAuc, writeSubmission(goodLines.join("\n")));
    assert.equal(result.publicScore, plain.publicScore);
    assert.equal(result.privateScore, plain.privateScore);
    assert.equal(result.rowCount, 10);
  });

  it("reads gzip whatever the file name", async () => {
    const compressed = gzipSync(goodLines.join("\n") + "\n");
    const result = await scoreSubmission(tinyAuc, writeSubmission(compressed, "upload.bin"));
    assert.ok(Math.abs(result.publicScore - 5.75 / 6) < 1e-12);
  });

  it("rejects corrupt gzip", async () => {
    const compressed = gzipSync(goodLines.join("\n"));
    const error = await readError(tinyAuc, compressed.subarray(0, compressed.length - 12));
    assertLocated(error, "invalid_gzip", undefined, undefined, /corrupt or truncated/);
  });

  it("rejects zip archives", async () => {
    const error = await readError(tinyAuc, new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]));
    assertLocated(error, "unsupported_format", undefined, undefined, /zip archives are not accepted/);
  });

  it("rejects a file above the size limit", async () => {
    const error = await readError(tinyAuc, "id,prediction\n" + "1,0.5\n".repeat(200_000));
    assertLocated(error, "too_large", undefined, undefined, /above this challenge's limit of 1 MB/);
  });

  it("rejects an empty file", async () => {
    const error = await readError(tinyAuc, "\n\n");
    assertLocated(error, "empty_file", undefined, undefined, /the file is empty; it needs the header id,prediction/);
  });

  it("rejects header problems", async () => {
    const missing = await readError(tinyAuc, "id\n1\n");
    assertLocated(missing, "invalid_header", 1, undefined, /missing column "prediction"; the header must be id,prediction/);
    const unexpected = await readError(tinyAuc, "id,prediction,extra\n");
    assertLocated(unexpected, "invalid_header", 1, undefined, /unexpected column "extra"/);
    const twice = await readError(tinyAuc, "id,id\n");
    assertLocated(twice, "invalid_header", 1, undefined, /column "id" appears twice/);
    const cased = await readError(tinyAuc, "ID,prediction\n");
    assertLocated(cased, "invalid_header", 1, undefined, /did you mean "id"\? names are case-sensitive/);
  });

  it("rejects a wrong field count", async () => {
    const lines = [...goodLines];
    lines[2] = "2,0.3,7";
    const error = await readError(tinyAuc, lines.join("\n"));
    assertLocated(error, "column_count", 3, undefined, /^submission\.csv, line 3: expected 2 fields \(id,prediction\), found 3$/);
  });

  it("rejects an unknown id", async () => {
    const lines = [...goodLines];
    lines[3] = "99,0.4";
    const error = await readError(tinyAuc, lines.join("\n"));
    assertLocated(error, "unknown_id", 4, 1, /line 4, column 1 \(id\): id "99" is not an id of the test set/);
  });

  it("rejects a duplicate id with its first line", async () => {
    const lines = [...goodLines, "2,0.35"];
    const error = await readError(tinyAuc, lines.join("\n"));
    assertLocated(error, "duplicate_id", 12, 1, /id "2" appears again \(first on line 3\)/);
  });

  it("rejects missing ids and lists a few", async () => {
    const lines = goodLines.filter((line) => !line.startsWith("3,") && !line.startsWith("7,"));
    const error = await readError(tinyAuc, lines.join("\n"));
    assertLocated(error, "missing_ids", undefined, undefined, /2 of the 10 ids are missing \(3, 7\)/);
  });

  it("rejects values that are not numbers", async () => {
    const cases: [string, SubmissionErrorReason, RegExp][] = [
      ["abc", "invalid_value", /"abc" is not a number/],
      ["", "invalid_value", /missing value/],
      ["NaN", "not_finite", /"NaN" is not a finite number/],
      ["inf", "not_finite", /"inf" is not a finite number/],
      ["0x1", "invalid_value", /"0x1" is not a number/],
      ["1.5", "out_of_range", /"1\.5" is outside the allowed range \[0, 1\]/],
      ["-1e-9", "out_of_range", /outside the allowed range/],
    ];
    for (const [value, reason, message] of cases) {
      const lines = [...goodLines];
      lines[5] = `5,${value}`;
      const error = await readError(tinyAuc, lines.join("\n"));
      assertLocated(error, reason, 6, 2, message);
      assert.match(error.message, /column 2 \(prediction\)/);
    }
  });

  it("accepts exponents and long decimals", async () => {
    const lines = [...goodLines];
    lines[1] = "1,9e-1";
    lines[2] = "2,0.30000000000000004";
    const result = await scoreSubmission(tinyAuc, writeSubmission(lines.join("\n")));
    assert.ok(Math.abs(result.publicScore - 5.75 / 6) < 1e-12);
  });

  it("reports the first problem in file order", async () => {
    const lines = [...goodLines];
    lines[2] = "99,0.3";
    lines[6] = "6,abc";
    const unknownFirst = await readError(tinyAuc, lines.join("\n"));
    assertLocated(unknownFirst, "unknown_id", 3, 1, /id "99"/);
    const duplicateFirst = [...goodLines];
    duplicateFirst[3] = "1,0.4";
    duplicateFirst[8] = "8,2";
    assertLocated(await readError(tinyAuc, duplicateFirst.join("\n")), "duplicate_id", 4, 1, /id "1" appears again/);
  });

  it("finds errors beyond the first batch", async () => {
    const header = "id,prediction\n";
    const rows = Array.from({ length: 9000 }, (_, row) => `${row + 1},0.5`);
    const dir = temp.bundle("many-rows", {
      "challenge.yaml": definitionYaml("many-rows"),
      "page.md": "# Page\n",
      "hidden/answer_key.csv": "id,signal,Usage\n" + rows.map((row, index) => `${index + 1},${index % 2},${index % 3 ? "Private" : "Public"}`).join("\n"),
    });
    const bundle = loadBundle(dir);
    const duplicated = [...rows];
    duplicated[8500] = "17,0.5";
    assertLocated(await readError(bundle, header + duplicated.join("\n")), "duplicate_id", 8502, 1, /id "17" appears again \(first on line 18\)/);
    const unknown = [...rows];
    unknown[5000] = "90000,0.5";
    assertLocated(await readError(bundle, header + unknown.join("\n")), "unknown_id", 5002, 1, /id "90000"/);
    const result = await scoreSubmission(bundle, writeSubmission(header + rows.join("\n")));
    assert.equal(result.rowCount, 9000);
    assert.equal(result.publicScore, 0.5);
  });

  it("rejects broken quoting", async () => {
    const error = await readError(tinyAuc, 'id,prediction\n1,"0.5\n');
    assertLocated(error, "invalid_csv", 2, 2, /never closed/);
  });

  it("checks rank and category columns", async () => {
    const good = (await import("node:fs")).readFileSync(path.join(fixturesDir, "random-higgs/submissions/good.csv"), "utf8");
    const lines = good.trimEnd().split("\n");
    const [id, rank] = lines[4]!.split(",");
    const badClass = [...lines];
    badClass[4] = `${id},${rank},x`;
    assertLocated(await readError(higgs, badClass.join("\n")), "invalid_value", 5, 3, /"x" is not one of the allowed values s, b/);

    const repeated = [...lines];
    repeated[4] = `${id},${lines[2]!.split(",")[1]},s`;
    assertLocated(await readError(higgs, repeated.join("\n")), "invalid_rank", 5, 2, /appears again \(first on line 3\)/);

    const outside = [...lines];
    outside[4] = `${id},1001,s`;
    assertLocated(await readError(higgs, outside.join("\n")), "invalid_rank", 5, 2, /"1001" is not an integer rank from 1 to 1000/);
  });

  it("never repeats answer-key values", async () => {
    const submissions = [
      "id,prediction\n11,0.5\n12,0.5\n13,0.5\n",
      "id,prediction\n11,0.5\n12,0.5\n13,0.5\n14,0.5\n15,0.5\n",
      "id,prediction\n11,0.5\n11,0.5\n",
      "id,prediction\n11,2\n",
      "id,prediction,weight\n",
      "id,prediction\n11,0.5,1\n",
    ];
    for (const content of submissions) {
      const error = await readError(secretBundle, content);
      for (const secret of [...secretWeights, "Public", "Private", "signal"]) {
        assert.ok(!error.message.includes(secret), `message "${error.message}" contains "${secret}"`);
      }
    }
  });
});

describe("checkSubmissionHeader", () => {
  it("accepts a good header without reading rows", async () => {
    await checkSubmissionHeader(tinyAuc, writeSubmission("prediction,id\nnot,checked\n"));
  });

  it("rejects a bad header", async () => {
    await assert.rejects(checkSubmissionHeader(tinyAuc, writeSubmission("id,score\n")), (error: unknown) => {
      assert.ok(error instanceof SubmissionError);
      assert.equal(error.reason, "invalid_header");
      return true;
    });
    await assert.rejects(checkSubmissionHeader(tinyAuc, writeSubmission("")), /the file is empty/);
  });
});
