import { readFile, stat } from "node:fs/promises";
import path from "node:path";

import type { z } from "zod";

import { SubmissionError } from "./errors";
import { parseDecimalText } from "./parse-number";

/** Largest parameter file accepted, in bytes. */
export const maxParameterFileBytes = 64 * 1024;

/**
 * Reads a parameter submission: a JSON object (`{"y1": 0.5, ...}`) or a
 * CSV file of a header naming the parameters and one row of values. CSV
 * values that read as decimals become numbers, others stay text. Returns
 * the raw object, for `validateParameters`. Throws a SubmissionError.
 */
export async function readParameterFile(
  filePath: string,
  options: { displayName?: string } = {},
): Promise<Record<string, unknown>> {
  const displayName = options.displayName ?? path.basename(filePath);
  const size = (await stat(filePath)).size;
  if (size > maxParameterFileBytes) {
    throw new SubmissionError(
      "too_large",
      `a parameter file may have at most ${maxParameterFileBytes / 1024} KiB, this one has ${Math.ceil(size / 1024)} KiB`,
      { file: displayName },
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(filePath));
  } catch (error) {
    throw new SubmissionError("invalid_encoding", "the file is not UTF-8 text", { file: displayName }, { cause: error });
  }
  text = text.replace(/^\uFEFF/, "");
  if (text.trim() === "") {
    throw new SubmissionError("empty_file", 'the file is empty; submit a JSON object such as {"x": 1.5} or a one-row CSV', {
      file: displayName,
    });
  }
  const first = text.trimStart()[0];
  const looksLikeJson = first === "{" || first === "[";
  return looksLikeJson ? parseJsonParameters(text, displayName) : parseCsvParameters(text, displayName);
}

/**
 * Validates raw parameters with a challenge's zod schema and returns the
 * parsed value, or throws a SubmissionError listing each invalid parameter.
 */
export function validateParameters<Schema extends z.ZodType>(
  schema: Schema,
  raw: unknown,
  displayName: string,
): z.output<Schema> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 10).map((issue) => {
    const name = issue.path.map(String).join(".");
    return name === "" ? issue.message : `${name}: ${issue.message}`;
  });
  throw new SubmissionError("invalid_parameters", `invalid parameters: ${problems.join("; ")}`, { file: displayName });
}

function parseJsonParameters(text: string, displayName: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SubmissionError("invalid_value", `invalid JSON: ${detail}`, { file: displayName }, { cause: error });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new SubmissionError("invalid_parameters", 'expected a JSON object such as {"x": 1.5}', { file: displayName });
  }
  return value as Record<string, unknown>;
}

function parseCsvParameters(text: string, displayName: string): Record<string, unknown> {
  const lines = text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== "");
  if (lines.length !== 2) {
    throw new SubmissionError(
      "invalid_parameters",
      `expected a header line and one line of values, found ${lines.length} non-empty lines`,
      { file: displayName },
    );
  }
  const names = splitCsvLine(lines[0]!);
  const values = splitCsvLine(lines[1]!);
  if (names.length !== values.length) {
    throw new SubmissionError(
      "column_count",
      `the header names ${names.length} parameters but the values line has ${values.length}`,
      { file: displayName, line: 2 },
    );
  }
  const result: Record<string, unknown> = {};
  names.forEach((name, index) => {
    if (Object.hasOwn(result, name)) {
      throw new SubmissionError("invalid_header", `parameter "${name}" appears twice`, {
        file: displayName,
        line: 1,
        column: index + 1,
      });
    }
    const raw = values[index]!;
    const parsed = parseDecimalText(raw);
    result[name] = parsed.kind === "number" ? parsed.value : raw;
  });
  return result;
}

/** Splits one CSV line, honouring double quotes. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        current += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        current += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ",") {
      fields.push(current.trim());
      current = "";
    } else {
      current += char;
    }
  }
  fields.push(current.trim());
  return fields;
}
