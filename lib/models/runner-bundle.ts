// Bundles the model runner child (runner-child.ts and the files it imports)
// into one plain ES module, so that the child needs no TypeScript loader.
// The child runs under Node's permission model, where tsx cannot work
// without holes: its hooks run in a worker thread and it compiles each file
// by spawning the esbuild binary. The child would need --allow-worker and
// --allow-child-process, and a spawned process is not bound by the child's
// file permissions (checked with tsx 4.23 on Node 20.20).
import { createHash } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import type * as esbuildTypes from "esbuild";

import { logger } from "../log";
import { SandboxError } from "./errors";

const bundles = new Map<string, Promise<string>>();

/**
 * Loads the esbuild that tsx depends on, because tsx is a runtime
 * dependency and the top-level esbuild comes from a development one.
 */
function loadEsbuild(projectRoot: string): typeof esbuildTypes {
  const requireFromRoot = createRequire(path.join(projectRoot, "package.json"));
  const requireFromTsx = createRequire(requireFromRoot.resolve("tsx"));
  return requireFromTsx("esbuild") as typeof esbuildTypes;
}

async function buildRunner(projectRoot: string): Promise<string> {
  const entry = path.join(projectRoot, "lib/models/runner-child.ts");
  const esbuild = loadEsbuild(projectRoot);
  const output = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages are left as imports because onnxruntime-node loads a native
    // add-on and the TF.js wasm backend finds its .wasm files in its package.
    packages: "external",
    write: false,
    logLevel: "silent",
  });
  const code = output.outputFiles[0]!.contents;
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
  // Under node_modules, the bundle's package imports resolve to the
  // project's node_modules as they do from lib/models.
  const dir = path.join(projectRoot, "node_modules/.cache/collider-arena");
  const file = path.join(dir, `model-runner-${hash}.mjs`);
  await mkdir(dir, { recursive: true });
  // Other server processes may write the same file at the same time, so
  // each writes a private copy and renames it into place.
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, code);
  await rename(partial, file);
  logger.info({ file }, "model sandbox: bundled the model runner");
  return file;
}

/**
 * Bundles the model runner once per process and project folder, and
 * returns the path of the bundle. Throws SandboxError when esbuild fails
 * or the cache folder under node_modules is not writable.
 *
 * NOTE: a running server keeps its first bundle, so edits to lib/models
 * reach the child only after a restart.
 */
export function bundleRunner(projectRoot: string): Promise<string> {
  const root = path.resolve(projectRoot);
  let bundle = bundles.get(root);
  if (!bundle) {
    bundle = buildRunner(root).catch((error: unknown) => {
      bundles.delete(root);
      throw new SandboxError(
        `failed to bundle the model runner into ${path.join(root, "node_modules/.cache/collider-arena")}. Check that tsx and its esbuild are installed and that the server user can write the folder.`,
        { cause: error },
      );
    });
    bundles.set(root, bundle);
  }
  return bundle;
}
