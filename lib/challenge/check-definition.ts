import { getMetric, isMetricId } from "../../scorers/index";
import type { MetricField } from "../../scorers/types";

import { inputFields, type ChallengeDefinition, type MetricUse } from "./definition";

/** One problem found in a definition; `key` marks an unexpected key. */
export interface DefinitionIssue {
  path: (string | number)[];
  message: string;
  key?: string;
}

/**
 * Checks the rules that span several fields of a definition that already
 * passed the schema, and returns the problems found. Each submission kind
 * needs its sections, metrics must exist and agree with the stated
 * direction, and metric inputs must name declared columns. A models-only
 * challenge may not list its test features as a public file.
 */
export function checkDefinition(definition: ChallengeDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  checkKinds(definition, issues);
  checkSubmissionColumns(definition, issues);

  const columns = new Set(definition.submission?.columns.map((column) => column.name) ?? []);
  if (definition.metric) checkMetricUse(definition.metric, ["metric"], columns, issues);
  const checkNames = new Set<string>();
  definition.checks.forEach((check, index) => {
    if (checkNames.has(check.name)) {
      issues.push({ path: ["checks", index, "name"], message: `duplicate check name "${check.name}"` });
    }
    checkNames.add(check.name);
    checkMetricUse(check.metric, ["checks", index, "metric"], columns, issues);
  });

  checkModel(definition, issues);
  checkUnique(
    definition.public_files.map((file) => file.path),
    ["public_files"],
    "path",
    issues,
  );
  return issues;
}

function checkKinds(definition: ChallengeDefinition, issues: DefinitionIssue[]): void {
  const kinds = new Set(definition.kinds);
  if (kinds.size !== definition.kinds.length) {
    issues.push({ path: ["kinds"], message: "each submission kind may appear once" });
  }
  const scoresRows = kinds.has("predictions") || kinds.has("model");
  if (kinds.has("parameters") && scoresRows) {
    issues.push({
      path: ["kinds"],
      message: "`parameters` cannot be combined with `predictions` or `model`",
    });
  }
  if (scoresRows) {
    for (const section of ["submission", "answer_key", "metric"] as const) {
      if (definition[section] === undefined) {
        issues.push({ path: [], message: `missing \`${section}\`, which predictions and models need` });
      }
    }
  }
  if (kinds.has("model") && definition.model === undefined) {
    issues.push({ path: [], message: "missing `model`, which the `model` kind needs" });
  }
  if (!kinds.has("model") && definition.model !== undefined) {
    issues.push({ path: ["model"], message: "`model` is set but `kinds` does not list `model`" });
  }
  if (kinds.has("parameters") && definition.parameters === undefined) {
    issues.push({ path: [], message: "missing `parameters`, which the `parameters` kind needs" });
  }
  if (!kinds.has("parameters") && definition.parameters !== undefined) {
    issues.push({
      path: ["parameters"],
      message: "`parameters` is set but `kinds` does not list `parameters`",
    });
  }
  if (!scoresRows && definition.checks.length > 0) {
    issues.push({ path: ["checks"], message: "checks apply to prediction and model submissions only" });
  }
}

function checkSubmissionColumns(definition: ChallengeDefinition, issues: DefinitionIssue[]): void {
  const submission = definition.submission;
  if (!submission) return;
  const names = submission.columns.map((column) => column.name);
  checkUnique(names, ["submission", "columns"], "name", issues);
  submission.columns.forEach((column, index) => {
    const path = ["submission", "columns", index];
    if (column.name === submission.id_column) {
      issues.push({ path: [...path, "name"], message: "a prediction column cannot be the id column" });
    }
    if (column.type === "number" && column.min !== undefined && column.max !== undefined) {
      if (column.min > column.max) {
        issues.push({ path: [...path, "min"], message: "`min` is greater than `max`" });
      }
    }
    if (column.type === "category" && Object.keys(column.values).length === 0) {
      issues.push({ path: [...path, "values"], message: "list at least one allowed value" });
    }
  });
}

function checkMetricUse(
  use: MetricUse,
  path: (string | number)[],
  submissionColumns: Set<string>,
  issues: DefinitionIssue[],
): void {
  if (!isMetricId(use.id)) {
    issues.push({ path: [...path, "id"], message: `unknown metric "${use.id}"` });
    return;
  }
  const metric = getMetric(use.id);
  if (use.direction !== undefined && use.direction !== metric.direction) {
    issues.push({
      path: [...path, "direction"],
      message: `metric "${use.id}" is ${metric.direction}d, not ${use.direction}d`,
    });
  }
  const params = metric.paramsSchema.safeParse(use.params);
  if (!params.success) {
    for (const issue of params.error.issues) {
      const parts = issue.path.filter((part) => typeof part !== "symbol");
      issues.push({ path: [...path, "params", ...parts], message: issue.message });
    }
  }

  const allowed = new Set<MetricField>([...metric.requires, ...metric.optional]);
  for (const field of metric.requires) {
    if (field === "classes") continue;
    if (use.inputs[field as (typeof inputFields)[number]] === undefined) {
      issues.push({ path: [...path, "inputs"], message: `metric "${use.id}" needs the input \`${field}\`` });
    }
  }
  for (const field of inputFields) {
    const source = use.inputs[field];
    if (source === undefined) continue;
    const sourcePath = [...path, "inputs", field];
    if (!allowed.has(field)) {
      issues.push({ path: sourcePath, message: `metric "${use.id}" does not read \`${field}\`` });
    }
    if ("submission" in source) {
      const names = Array.isArray(source.submission) ? source.submission : [source.submission];
      if (Array.isArray(source.submission) !== (field === "probabilities")) {
        issues.push({
          path: [...sourcePath, "submission"],
          message:
            field === "probabilities"
              ? "`probabilities` takes a list of columns, one per class"
              : "name one submission column",
        });
      }
      for (const name of names) {
        if (!submissionColumns.has(name)) {
          issues.push({
            path: [...sourcePath, "submission"],
            message: `"${name}" is not a prediction column of \`submission.columns\``,
          });
        }
      }
    } else if (source.renormalize !== undefined) {
      if (field !== "weights") {
        issues.push({ path: [...sourcePath, "renormalize"], message: "only `weights` can be renormalized" });
      } else if (use.inputs.labels === undefined) {
        issues.push({
          path: [...sourcePath, "renormalize"],
          message: "per-class renormalization needs the `labels` input",
        });
      }
    }
  }
}

function checkModel(definition: ChallengeDefinition, issues: DefinitionIssue[]): void {
  const model = definition.model;
  if (!model) return;
  checkUnique(model.feature_columns, ["model", "feature_columns"], undefined, issues);
  checkRanking(definition, issues);
  const modelsOnly = !definition.kinds.includes("predictions");
  if (!modelsOnly) return;
  const featuresPath = normalizeRelative(model.features_file);
  const listed = definition.public_files.some((file) => normalizeRelative(file.path) === featuresPath);
  if (listed || featuresPath.startsWith("public/")) {
    issues.push({
      path: ["model", "features_file"],
      message:
        "this challenge accepts models only, so its test features must stay hidden: " +
        "keep the file out of `public/` and out of `public_files`",
    });
  }
}

/**
 * Checks that `model.ranking` names the submission's one rank and one
 * category column, and that both class names are values of the latter.
 */
function checkRanking(definition: ChallengeDefinition, issues: DefinitionIssue[]): void {
  const ranking = definition.model?.ranking;
  const columns = definition.submission?.columns;
  if (!ranking || !columns) return;
  const path = ["model", "ranking"];
  const rank = columns.find((column) => column.name === ranking.rank_column);
  if (rank?.type !== "rank") {
    issues.push({
      path: [...path, "rank_column"],
      message: `"${ranking.rank_column}" is not a \`rank\` column of \`submission.columns\``,
    });
  }
  const category = columns.find((column) => column.name === ranking.class_column);
  if (category?.type !== "category") {
    issues.push({
      path: [...path, "class_column"],
      message: `"${ranking.class_column}" is not a \`category\` column of \`submission.columns\``,
    });
  } else {
    for (const field of ["signal_class", "background_class"] as const) {
      if (!Object.hasOwn(category.values, ranking[field])) {
        issues.push({
          path: [...path, field],
          message: `"${ranking[field]}" is not a value of the category column "${category.name}"`,
        });
      }
    }
    if (ranking.signal_class === ranking.background_class) {
      issues.push({ path: [...path, "background_class"], message: "must differ from `signal_class`" });
    }
  }
  const others = columns.filter(
    (column) => column.name !== ranking.rank_column && column.name !== ranking.class_column,
  );
  if (others.length > 0) {
    issues.push({
      path,
      message: `the ranking rule fills only its two columns, but \`submission.columns\` also has "${others[0]!.name}"`,
    });
  }
}

function checkUnique(
  values: readonly string[],
  path: (string | number)[],
  field: string | undefined,
  issues: DefinitionIssue[],
): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      const at = field === undefined ? [...path, index] : [...path, index, field];
      issues.push({ path: at, message: `duplicate "${value}"` });
    }
    seen.add(value);
  });
}

function normalizeRelative(path: string): string {
  return path.replace(/^\.\//, "");
}
