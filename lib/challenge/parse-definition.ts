import { isMap, isNode, LineCounter, parseDocument, type Document } from "yaml";

import { checkDefinition, type DefinitionIssue } from "./check-definition";
import { challengeDefinitionSchema, type ChallengeDefinition } from "./definition";
import { BundleError } from "./errors";

const maxIssuesShown = 10;

/**
 * Parses and validates a definition file's text. JSON is read by the YAML
 * parser too (JSON is a subset of YAML 1.2), so both get line numbers.
 * Throws a BundleError whose message lists each problem as
 * `challenge.yaml line 12: metric.id: unknown metric "roc"`.
 */
export function parseDefinition(text: string, fileName: string): ChallengeDefinition {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const line = lineCounter.linePos(first.pos[0]).line;
    const where = line === undefined ? fileName : `${fileName} line ${line}`;
    throw new BundleError(fileName, `${where}: invalid YAML: ${first.message.split("\n")[0]}`, {
      line,
    });
  }

  const parsed = challengeDefinitionSchema.safeParse(document.toJS());
  const issues: DefinitionIssue[] = parsed.success
    ? checkDefinition(parsed.data)
    : parsed.error.issues.map((issue) => ({
        path: issue.path.filter((part) => typeof part !== "symbol"),
        message: issue.message,
        key: issue.code === "unrecognized_keys" ? issue.keys[0] : undefined,
      }));
  if (parsed.success && issues.length === 0) return parsed.data;

  const located = issues.map((issue) => ({
    ...issue,
    line: locateLine(document, lineCounter, issue.path, issue.key),
  }));
  const lines = located.slice(0, maxIssuesShown).map((issue) => {
    const where = issue.line === undefined ? fileName : `${fileName} line ${issue.line}`;
    const field = issue.path.length === 0 ? "" : `${formatPath(issue.path)}: `;
    return `${where}: ${field}${issue.message}`;
  });
  if (located.length > maxIssuesShown) {
    lines.push(`... and ${located.length - maxIssuesShown} more problems`);
  }
  throw new BundleError(fileName, lines.join("\n"), { line: located[0]?.line });
}

/** Formats a path as `checks[0].metric.id`. */
export function formatPath(path: readonly (string | number)[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? part : `.${part}`;
  }
  return text;
}

/**
 * Finds the 1-based line of the node at `path`, or of the key `key` inside
 * it. When the path ends at a missing key it falls back to the nearest
 * existing parent.
 */
function locateLine(
  document: Document,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
  key: string | undefined,
): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node: unknown = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    if (!isNode(node)) continue;
    let offset = node.range?.[0];
    if (key !== undefined && length === path.length && isMap(node)) {
      const pair = node.items.find((item) => isNode(item.key) && String(item.key.toJSON()) === key);
      if (pair && isNode(pair.key)) offset = pair.key.range?.[0] ?? offset;
    }
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  return undefined;
}
