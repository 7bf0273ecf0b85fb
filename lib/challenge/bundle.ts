import type { ChallengeDefinition } from "./definition";

/**
 * A loaded challenge bundle. Every path is absolute and checked to lie
 * inside `dir`. Files under the bundle's `public/` and `hidden/` folders
 * are generated, so they may be missing: `missingData` lists them
 * (relative paths) and `dataReady` is false until they all exist. Pages,
 * the objective module and other committed files must exist to load.
 */
export interface Bundle {
  slug: string;
  dir: string;
  definitionFile: string;
  definition: ChallengeDefinition;
  pages: {
    overview: string;
    data: string;
    evaluation: string;
    rules: string;
  };
  publicFiles: { path: string; relativePath: string; description: string }[];
  /** The hidden answer key; read only by `lib/scoring`. */
  answerKeyFile: string | undefined;
  /** The feature file for model submissions. */
  modelFeaturesFile: string | undefined;
  objectiveFile: string | undefined;
  /** Parameter challenges' named data files. */
  parameterFiles: Record<string, string>;
  baselineFile: string | undefined;
  missingData: string[];
  dataReady: boolean;
}
