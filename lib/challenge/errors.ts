import { AppError } from "../errors";

/**
 * A challenge bundle that cannot be used: an invalid definition, a missing
 * page or a path that leaves the bundle folder. This is the platform's
 * fault, never a participant's. `file` is the bundle file at fault and
 * `line` its 1-based line when known.
 */
export class BundleError extends AppError {
  readonly file: string;
  readonly line: number | undefined;

  constructor(
    file: string,
    message: string,
    options: { line?: number; cause?: unknown; code?: `${"internal" | "unavailable"}:${string}` } = {},
  ) {
    super(options.code ?? "internal:challenge_bundle", message, { cause: options.cause });
    this.name = "BundleError";
    this.file = file;
    this.line = options.line;
  }
}

/**
 * The bundle is valid but its generated data (answer key, public files,
 * features) are not there yet: the generator or importer has not run.
 */
export class BundleDataMissingError extends BundleError {
  readonly missing: readonly string[];

  constructor(slug: string, missing: readonly string[], dataCommand: string | undefined) {
    const hint = dataCommand
      ? `Run \`${dataCommand}\` to create them.`
      : "Run the bundle's data generator or importer to create them.";
    super(
      missing[0] ?? slug,
      `challenge "${slug}": data not generated yet (missing ${missing.join(", ")}). ${hint}`,
      { code: "unavailable:challenge_data" },
    );
    this.name = "BundleDataMissingError";
    this.missing = missing;
  }
}
