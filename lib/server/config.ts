import path from "node:path";
import { z } from "zod";

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Folder for the embedded database, uploads and the generated secret. */
  ARENA_DATA_DIR: z.string().default("./data"),
  /** Folder of challenge bundles loaded at start-up. */
  ARENA_CHALLENGES_DIR: z.string().default("./challenges"),
  /** A PostgreSQL URL; without it the embedded PGlite database is used. */
  DATABASE_URL: optionalText,
  AUTH_SECRET: optionalText,
  /** Public base URL of the site, e.g. https://arena.example.edu. */
  NEXTAUTH_URL: optionalText,
  /** Largest accepted upload, in mebibytes. */
  ARENA_MAX_UPLOAD_MB: z.coerce.number().positive().default(200),
  /** Run a scoring worker inside the web server process. */
  ARENA_WORKER: z.enum(["on", "off"]).default("on"),
  /** Create this staff account at start-up when it does not exist. */
  ARENA_ADMIN_EMAIL: optionalText,
  ARENA_ADMIN_PASSWORD: optionalText,
  GITHUB_ID: optionalText,
  GITHUB_SECRET: optionalText,
});

export type Config = z.infer<typeof envSchema> & {
  dataDir: string;
  challengesDir: string;
  maxUploadBytes: number;
};

let cached: Config | undefined;

/** Reads and validates the environment once; throws naming the variable. */
export function getConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (cached && env === process.env) return cached;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const config: Config = {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.ARENA_DATA_DIR),
    challengesDir: path.resolve(parsed.data.ARENA_CHALLENGES_DIR),
    maxUploadBytes: Math.floor(parsed.data.ARENA_MAX_UPLOAD_MB * 1024 * 1024),
  };
  if (env === process.env) cached = config;
  return config;
}
