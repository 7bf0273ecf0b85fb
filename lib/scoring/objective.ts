import { pathToFileURL } from "node:url";

import type { z } from "zod";

import type { Bundle } from "../challenge/bundle";
import { BundleError } from "../challenge/errors";
import { resolveBundleFile } from "../challenge/load";

/** The context passed to a parameter challenge's objective with the parameters. */
export interface ObjectiveContext {
  bundleDir: string;
  /** The definition's `parameters.files`, as absolute paths by name. */
  files: Record<string, string>;
}

/** The value of a parameter set, with optional JSON details for its page. */
export interface ObjectiveResult {
  value: number;
  details?: unknown;
}

/**
 * A parameter challenge's objective module: a zod schema of the parameters
 * and an evaluation that may be synchronous or asynchronous.
 */
export interface Objective {
  parametersSchema: z.ZodType;
  evaluate(params: unknown, context: ObjectiveContext): ObjectiveResult | Promise<ObjectiveResult>;
}

/**
 * Registers tsx once when `bin/arena.mjs` runs a prebuilt command, which
 * starts without it, so that a TypeScript objective module can load.
 */
async function ensureTypeScriptLoader(file: string): Promise<void> {
  if (process.env.ARENA_LAZY_TSX !== "1" || !file.endsWith(".ts")) return;
  delete process.env.ARENA_LAZY_TSX;
  // A variable specifier keeps bundlers from inlining tsx.
  const specifier = "tsx/esm/api";
  const tsx = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ specifier)) as {
    register: () => unknown;
  };
  tsx.register();
}

/**
 * Imports the bundle's objective module and checks its two exports. The
 * module is TypeScript, so the process must run under tsx (the `arena`
 * command registers it, and the tests run under it).
 */
export async function loadObjective(bundle: Bundle): Promise<Objective> {
  const format = bundle.definition.parameters;
  if (!format) throw new Error(`challenge "${bundle.slug}" accepts no parameter submissions`);
  const file = resolveBundleFile(bundle.dir, format.objective, "parameters.objective").path;
  let module: Record<string, unknown>;
  try {
    await ensureTypeScriptLoader(file);
    module = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ pathToFileURL(file).href)) as Record<
      string,
      unknown
    >;
  } catch (error) {
    throw new BundleError(format.objective, `objective module ${format.objective} failed to load: ${String(error)}`, {
      cause: error,
    });
  }
  const schema = module.parametersSchema as { safeParse?: unknown } | undefined;
  if (typeof schema?.safeParse !== "function" || typeof module.evaluate !== "function") {
    throw new BundleError(
      format.objective,
      `objective module ${format.objective} must export a zod \`parametersSchema\` and a function \`evaluate\``,
    );
  }
  return module as unknown as Objective;
}
