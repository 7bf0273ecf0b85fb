import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";

import type { Bundle } from "./bundle";
import { BundleDataMissingError, BundleError } from "./errors";
import { parseDefinition } from "./parse-definition";

/** Names the loader looks for at the root of a bundle folder. */
export const definitionFileNames = ["challenge.yaml", "challenge.yml", "challenge.json"] as const;

/** Folders whose files a generator or importer writes; they may be missing. */
const generatedFolders = ["public", "hidden"];

/**
 * Loads and validates the bundle in `dir`. Throws a BundleError for an
 * invalid definition, a missing committed file or a path that leaves the
 * folder. Missing generated data is reported in `missingData`, unless
 * `requireData` is set, and then it throws a BundleDataMissingError.
 */
export function loadBundle(dir: string, options: { requireData?: boolean } = {}): Bundle {
  const bundleDir = realDirectory(dir);
  const definitionFile = findDefinitionFile(bundleDir);
  const fileName = path.basename(definitionFile);
  const definition = parseDefinition(readFileSync(definitionFile, "utf8"), fileName);
  const folderName = path.basename(bundleDir);
  if (definition.slug !== folderName) {
    throw new BundleError(
      fileName,
      `${fileName}: slug "${definition.slug}" must equal the bundle folder's name "${folderName}"`,
    );
  }

  const missingData: string[] = [];
  const resolve = (relative: string, field: string): string => {
    const resolved = resolveBundleFile(bundleDir, relative, field, fileName);
    if (!resolved.exists) missingData.push(relative);
    return resolved.path;
  };

  const pages = {
    overview: resolve(definition.pages.overview, "pages.overview"),
    data: resolve(definition.pages.data, "pages.data"),
    evaluation: resolve(definition.pages.evaluation, "pages.evaluation"),
    rules: resolve(definition.pages.rules, "pages.rules"),
  };
  const publicFiles = definition.public_files.map((file, index) => ({
    path: resolve(file.path, `public_files[${index}].path`),
    relativePath: file.path,
    description: file.description,
  }));
  const parameterFiles: Record<string, string> = {};
  for (const [name, relative] of Object.entries(definition.parameters?.files ?? {})) {
    parameterFiles[name] = resolve(relative, `parameters.files.${name}`);
  }
  const bundle: Bundle = {
    slug: definition.slug,
    dir: bundleDir,
    definitionFile,
    definition,
    pages,
    publicFiles,
    answerKeyFile: definition.answer_key && resolve(definition.answer_key.file, "answer_key.file"),
    modelFeaturesFile: definition.model && resolve(definition.model.features_file, "model.features_file"),
    objectiveFile: definition.parameters && resolve(definition.parameters.objective, "parameters.objective"),
    parameterFiles,
    baselineFile: definition.baseline && resolve(definition.baseline.file, "baseline.file"),
    missingData: [...new Set(missingData)],
    dataReady: missingData.length === 0,
  };
  if (options.requireData) assertDataReady(bundle);
  return bundle;
}

/**
 * Loads every bundle in the immediate subfolders of `rootDir` that contain
 * a definition file, sorted by slug. Throws one BundleError that lists
 * every invalid bundle, so a broken bundle is never skipped silently.
 */
export function loadBundles(rootDir: string): Bundle[] {
  const root = realDirectory(rootDir);
  const bundles: Bundle[] = [];
  const failures: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(root, entry.name);
    if (!definitionFileNames.some((name) => existsSync(path.join(dir, name)))) continue;
    try {
      bundles.push(loadBundle(dir));
    } catch (error) {
      if (!(error instanceof BundleError)) throw error;
      failures.push(`${entry.name}/${error.message}`);
    }
  }
  if (failures.length > 0) {
    throw new BundleError(root, `invalid challenge bundles:\n${failures.join("\n")}`);
  }
  bundles.sort((a, b) => a.slug.localeCompare(b.slug));
  return bundles;
}

/** Throws a BundleDataMissingError unless all generated files exist. */
export function assertDataReady(bundle: Bundle): void {
  const stillMissing = bundle.missingData.filter((relative) => !existsSync(path.join(bundle.dir, relative)));
  if (stillMissing.length > 0) {
    throw new BundleDataMissingError(bundle.slug, stillMissing, bundle.definition.data_command);
  }
}

/**
 * Resolves `relative` inside `bundleDir` (already a real path). Rejects
 * absolute paths, paths that climb out with `..` and symbolic links that
 * point outside. A file that does not exist is accepted only under the
 * generated folders.
 */
export function resolveBundleFile(
  bundleDir: string,
  relative: string,
  field: string,
  definitionFileName = "challenge.yaml",
): { path: string; exists: boolean } {
  const fail = (message: string) =>
    new BundleError(definitionFileName, `${definitionFileName}: ${field}: ${message}`);
  if (path.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) {
    throw fail(`"${relative}" must be a path relative to the bundle folder`);
  }
  const resolved = path.resolve(bundleDir, relative);
  if (!isInside(bundleDir, resolved)) {
    throw fail(`"${relative}" leaves the bundle folder`);
  }
  if (!existsSync(resolved)) {
    const top = path.relative(bundleDir, resolved).split(path.sep)[0] ?? "";
    if (!generatedFolders.includes(top)) {
      throw fail(`file "${relative}" not found in ${bundleDir}`);
    }
    // The file will be written later, so its existing folders must not be
    // links that lead out of the bundle either.
    if (!isInside(bundleDir, realpathSync(nearestExisting(resolved)), true)) {
      throw fail(`"${relative}" is under a link that leads outside the bundle folder`);
    }
    return { path: resolved, exists: false };
  }
  const real = realpathSync(resolved);
  if (!isInside(bundleDir, real)) {
    throw fail(`"${relative}" is a link that leads outside the bundle folder`);
  }
  if (!statSync(real).isFile()) {
    throw fail(`"${relative}" is not a file`);
  }
  return { path: real, exists: true };
}

function isInside(dir: string, candidate: string, allowSelf = false): boolean {
  const relative = path.relative(dir, candidate);
  if (relative === "") return allowSelf;
  const climbs = relative === ".." || relative.startsWith(`..${path.sep}`);
  return !climbs && !path.isAbsolute(relative);
}

function nearestExisting(file: string): string {
  let current = path.dirname(file);
  while (!existsSync(current)) current = path.dirname(current);
  return current;
}

function realDirectory(dir: string): string {
  let real: string;
  try {
    real = realpathSync(path.resolve(dir));
  } catch (error) {
    throw new BundleError(dir, `challenge bundle folder "${dir}" not found`, { cause: error });
  }
  if (!statSync(real).isDirectory()) {
    throw new BundleError(dir, `"${dir}" is not a folder; give the challenge bundle's folder`);
  }
  return real;
}

function findDefinitionFile(dir: string): string {
  const found = definitionFileNames.filter((name) => existsSync(path.join(dir, name)));
  if (found.length === 0) {
    throw new BundleError(
      dir,
      `no challenge definition in "${dir}": expected one of ${definitionFileNames.join(", ")}`,
    );
  }
  if (found.length > 1) {
    throw new BundleError(dir, `several challenge definitions in "${dir}" (${found.join(", ")}): keep one`);
  }
  return path.join(dir, found[0]!);
}
