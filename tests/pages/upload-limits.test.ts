import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { isModelFileName, uploadLimitFor } from "../../app/_lib/upload-limits.ts";

const mebibyte = 1024 * 1024;

describe("uploadLimitFor", () => {
  // tau-to-three-muons: prediction files up to 50 MiB, models up to 100 MiB.
  const limits = { maxFileBytes: 50 * mebibyte, maxModelBytes: 100 * mebibyte };

  it("gives models the model limit", () => {
    assert.equal(uploadLimitFor("model.onnx", limits), 100 * mebibyte);
    assert.equal(uploadLimitFor("tfjs-model.ZIP", limits), 100 * mebibyte);
  });

  it("gives other files the file limit", () => {
    assert.equal(uploadLimitFor("preds.csv", limits), 50 * mebibyte);
    assert.equal(uploadLimitFor("preds.csv.gz", limits), 50 * mebibyte);
  });

  it("uses the file limit without models", () => {
    assert.equal(uploadLimitFor("model.onnx", { maxFileBytes: mebibyte }), mebibyte);
  });
});

describe("isModelFileName", () => {
  it("matches the API's model extensions", () => {
    assert.equal(isModelFileName("a.onnx"), true);
    assert.equal(isModelFileName("a.zip"), true);
    assert.equal(isModelFileName("a.csv"), false);
    assert.equal(isModelFileName("onnx.csv"), false);
  });
});
