import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { BundleError } from "../../lib/challenge/errors";
import { parseDefinition } from "../../lib/challenge/parse-definition";
import { definitionYaml } from "./temp-bundle";

function parseError(text: string, fileName = "challenge.yaml"): BundleError {
  try {
    parseDefinition(text, fileName);
  } catch (error) {
    assert.ok(error instanceof BundleError, `expected a BundleError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the definition to be rejected");
}

function lineOf(text: string, fragment: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(fragment));
  assert.ok(index >= 0, `fragment ${fragment} not in the text`);
  return index + 1;
}

describe("parseDefinition", () => {
  it("accepts a valid definition", () => {
    const definition = parseDefinition(definitionYaml("ok"), "challenge.yaml");
    assert.equal(definition.slug, "ok");
    assert.deepEqual(definition.kinds, ["predictions"]);
    assert.deepEqual(definition.metric?.params, {});
    assert.deepEqual(definition.checks, []);
  });

  it("names the line of an unknown metric", () => {
    const text = definitionYaml("bad").replace("id: roc_auc", 'id: roc');
    const error = parseError(text);
    const line = lineOf(text, "id: roc");
    assert.equal(error.line, line);
    assert.match(error.message, new RegExp(`^challenge\\.yaml line ${line}: metric\\.id: unknown metric "roc"`));
  });

  it("names the line of an unexpected key", () => {
    const text = definitionYaml("bad", "colour: blue\n");
    const error = parseError(text);
    assert.equal(error.line, lineOf(text, "colour: blue"));
    assert.match(error.message, /colour/);
  });

  it("names the line of a wrong type", () => {
    const text = definitionYaml("bad").replace("daily_submissions: 5", "daily_submissions: many");
    const error = parseError(text);
    assert.equal(error.line, lineOf(text, "daily_submissions: many"));
    assert.match(error.message, /limits\.daily_submissions/);
  });

  it("reports YAML syntax errors with a line", () => {
    const text = definitionYaml("bad").replace("title: Temporary", "title: [unclosed");
    const error = parseError(text);
    assert.ok(error.line !== undefined);
    assert.ok(error.line >= lineOf(text, "title: [unclosed"));
    assert.match(error.message, /invalid YAML/);
  });

  it("rejects a direction that contradicts the metric", () => {
    const text = definitionYaml("bad").replace("id: roc_auc", "id: roc_auc\n  direction: minimize");
    const error = parseError(text);
    assert.equal(error.line, lineOf(text, "direction: minimize"));
    assert.match(error.message, /metric\.direction: metric "roc_auc" is maximized, not minimized/);
  });

  it("checks metric parameters with the metric's schema", () => {
    const text = definitionYaml("bad").replace("id: roc_auc", "id: ams\n  params: { b_r: -1 }");
    const error = parseError(text);
    assert.match(error.message, /metric\.params\.b_r/);
    assert.match(error.message, /needs the input `weights`/);
  });

  it("rejects inputs naming undeclared columns", () => {
    const text = definitionYaml("bad").replace("scores: { submission: prediction }", "scores: { submission: score }");
    const error = parseError(text);
    assert.equal(error.line, lineOf(text, "scores: { submission: score }"));
    assert.match(error.message, /"score" is not a prediction column/);
  });

  it("rejects renormalize outside weights", () => {
    const text = definitionYaml("bad").replace("labels: { answer_key: signal }", "labels: { answer_key: signal, renormalize: per_class }");
    assert.match(parseError(text).message, /only `weights` can be renormalized/);
  });

  it("requires the sections of each kind", () => {
    const text = definitionYaml("bad").replace("kinds: [predictions]", "kinds: [predictions, model]");
    assert.match(parseError(text).message, /missing `model`/);
    const mixed = definitionYaml("bad").replace("kinds: [predictions]", "kinds: [predictions, parameters]");
    assert.match(parseError(mixed).message, /`parameters` cannot be combined/);
  });

  it("keeps a models-only challenge's features hidden", () => {
    const model = `model:
  features_file: public/test_features.csv
  feature_columns: [a, b]
  time_limit_s: 60
  memory_mb: 512
  max_size_mb: 20
`;
    const text = definitionYaml("bad", model).replace("kinds: [predictions]", "kinds: [model]");
    const error = parseError(text);
    assert.equal(error.line, lineOf(text, "features_file: public/test_features.csv"));
    assert.match(error.message, /test features must stay hidden/);
    const hidden = text.replace("public/test_features.csv", "hidden/test_features.csv");
    assert.equal(parseDefinition(hidden, "challenge.yaml").model?.feature_columns.length, 2);
  });

  it("rejects phase dates that are not UTC", () => {
    const text = definitionYaml("bad").replace('opens: "2026-01-01T00:00:00Z"', 'opens: "2026-01-01T00:00:00+02:00"');
    assert.match(parseError(text).message, /phase\.opens: expected an ISO 8601 date-time in UTC/);
  });

  it("reads JSON with line numbers", () => {
    const text = '{\n  "slug": "x",\n  "title": 5\n}\n';
    const error = parseError(text, "challenge.json");
    assert.match(error.message, /^challenge\.json line 3: title:/m);
  });

  it("lists several problems at once", () => {
    const text = definitionYaml("Bad Slug").replace("id: roc_auc", "id: nope");
    const error = parseError(text);
    assert.match(error.message, /slug: use lower-case words joined by -/);
  });
});
