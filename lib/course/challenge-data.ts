import type { DataSource } from "./data-folders";

export interface GenerateOptions {
  /** The bundle folder; data go to its `public/` and `hidden/` folders. */
  bundleDir: string;
  seed: number;
  /** Size of the main (test) sample; each challenge documents its default. */
  rows?: number;
}

export interface ImportOptions {
  bundleDir: string;
  /** A local file or folder with the real data (URLs are fetched first). */
  from: string;
  /** Seed of the train/test and public/private splits. */
  seed: number;
}

/**
 * Data builders of one challenge: a seeded generator of synthetic demo
 * data and an importer of the real files. Both write the same file layout,
 * so the definition, the scorer and the pages do not depend on which ran.
 */
export interface ChallengeData {
  slug: string;
  /** Seed used by `arena challenges prepare` and when none is given. */
  defaultSeed: number;
  /** Demo size of the main sample, in rows. */
  defaultRows: number;
  /** Description of the `--from` source, for help text and errors. */
  importSource: string;
  generate(options: GenerateOptions): Promise<DataSource>;
  importFrom(options: ImportOptions): Promise<DataSource>;
}
