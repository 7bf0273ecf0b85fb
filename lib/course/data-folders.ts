import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * Where a bundle's generated data lives. `public/` contains what participants
 * may download (training data, test features, the baseline submission).
 * `hidden/` contains the answer key and the record of where the data came
 * from. Both folders are gitignored.
 */
export function dataFolders(bundleDir: string): {
  publicDir: string;
  hiddenDir: string;
} {
  return {
    publicDir: path.join(bundleDir, "public"),
    hiddenDir: path.join(bundleDir, "hidden"),
  };
}

export const dataSourceSchema = z.object({
  /** `synthetic` for the seeded demo generator, `imported` for real files. */
  kind: z.enum(["synthetic", "imported"]),
  slug: z.string(),
  /** One line for pages and staff, e.g. "Synthetic demo data (seed 1)". */
  description: z.string(),
  seed: z.number().int(),
  /** The real files used, by name, with what each provided. */
  inputs: z.array(z.object({ file: z.string(), use: z.string() })),
  /** Row counts of the files written, by file name. */
  rows: z.record(z.string(), z.number().int().nonnegative()),
  createdAt: z.string(),
});

export type DataSource = z.infer<typeof dataSourceSchema>;

const sourceFile = "source.json";

/** Reads `hidden/source.json`, or returns undefined when there is no data. */
export async function readDataSource(
  bundleDir: string,
): Promise<DataSource | undefined> {
  const file = path.join(dataFolders(bundleDir).hiddenDir, sourceFile);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return dataSourceSchema.parse(JSON.parse(text));
}

/**
 * A data build in progress: files are written to staging folders next to
 * the bundle and only replace `public/` and `hidden/` when `commit` runs,
 * so a failed or interrupted build never leaves half a data set in place.
 */
export interface DataBuild {
  publicDir: string;
  hiddenDir: string;
  commit(source: Omit<DataSource, "createdAt">): Promise<void>;
  abort(): Promise<void>;
}

export async function startDataBuild(bundleDir: string): Promise<DataBuild> {
  const staging = path.join(bundleDir, `.data-build-${process.pid}-${Date.now()}`);
  const publicDir = path.join(staging, "public");
  const hiddenDir = path.join(staging, "hidden");
  await mkdir(publicDir, { recursive: true });
  await mkdir(hiddenDir, { recursive: true });
  const target = dataFolders(bundleDir);

  async function commit(source: Omit<DataSource, "createdAt">): Promise<void> {
    const record: DataSource = { ...source, createdAt: new Date().toISOString() };
    await writeFile(
      path.join(hiddenDir, sourceFile),
      JSON.stringify(dataSourceSchema.parse(record), null, 2) + "\n",
    );
    await rm(target.publicDir, { recursive: true, force: true });
    await rm(target.hiddenDir, { recursive: true, force: true });
    await rename(publicDir, target.publicDir);
    await rename(hiddenDir, target.hiddenDir);
    await rm(staging, { recursive: true, force: true });
  }

  async function abort(): Promise<void> {
    await rm(staging, { recursive: true, force: true });
  }

  return { publicDir, hiddenDir, commit, abort };
}

/** Runs `write` inside a data build, removing the staging folder on error. */
export async function buildData(
  bundleDir: string,
  write: (build: DataBuild) => Promise<Omit<DataSource, "createdAt">>,
): Promise<DataSource> {
  const build = await startDataBuild(bundleDir);
  try {
    const source = await write(build);
    await build.commit(source);
  } catch (error) {
    await build.abort();
    throw error;
  }
  const written = await readDataSource(bundleDir);
  if (!written) throw new Error(`${bundleDir}: data build wrote no source record`);
  return written;
}

/** Checks whether the bundle has generated or imported data in place. */
export async function hasData(bundleDir: string): Promise<boolean> {
  try {
    await stat(path.join(dataFolders(bundleDir).hiddenDir, sourceFile));
    return true;
  } catch {
    return false;
  }
}
