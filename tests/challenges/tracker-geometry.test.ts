import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { loadBundle } from "../../lib/challenge/load";
import { SubmissionError } from "../../lib/reader/errors";
import {
  assertClose,
  demoBundle,
  importedBundle,
  missingReason,
  readFixture,
  realFile,
  repoRoot,
  scoreFile,
  writeSubmission,
} from "./helpers";

const slug = "tracker-geometry";
type Values = Record<"stacked" | "course_example", number>;
const fixture = readFixture<{ geometries: Record<keyof Values, Record<string, number>>; demo: Values; real: Values }>(
  slug,
);
const baselineFile = path.join(repoRoot, "challenges", slug, "baseline.json");

test("tracker-geometry bundle loads from the repository", () => {
  const bundle = loadBundle(path.join(repoRoot, "challenges", slug));
  assert.equal(bundle.definition.parameters?.direction, "maximize");
  assert.equal(bundle.baselineFile, baselineFile);
});

describe("tracker-geometry demo data", () => {
  let demo: { dir: string; cleanup: () => void };
  before(async () => {
    demo = await demoBundle(slug);
  });
  after(() => demo.cleanup());

  test("generation is deterministic for a seed", async () => {
    const again = await demoBundle(slug);
    const tracks = (dir: string) => readFileSync(path.join(dir, "public", "tracks.csv"), "utf8");
    assert.equal(tracks(again.dir), tracks(demo.dir));
    again.cleanup();
  });

  test("baseline and example match brute force", async () => {
    const baseline = await scoreFile(demo.dir, path.join(demo.dir, "baseline.json"));
    assertClose(baseline.publicScore, fixture.demo.stacked, "baseline efficiency");
    const file = writeSubmission(demo.dir, "example.json", JSON.stringify(fixture.geometries.course_example));
    assertClose((await scoreFile(demo.dir, file)).publicScore, fixture.demo.course_example, "example efficiency");
  });

  test("z shift below 2 is rejected by name", async () => {
    const file = writeSubmission(demo.dir, "bad.json", JSON.stringify({ ...fixture.geometries.stacked, z2: 1.5 }));
    await assert.rejects(scoreFile(demo.dir, file), (error: unknown) => {
      assert.ok(error instanceof SubmissionError);
      assert.match(error.message, /z2/);
      return true;
    });
  });

  test("R other than 1 is rejected", async () => {
    const file = writeSubmission(demo.dir, "r.csv", "R,pitch,y1,y2,y3,z1,z2,z3\n2,4,0,0,0,2,4,6\n");
    await assert.rejects(scoreFile(demo.dir, file), /R/);
  });
});

const tracksPath = "week5_tracker/tracks_seed42_n1000.csv";
const tracks = realFile(tracksPath);

describe("tracker-geometry real track set", { skip: tracks ? false : missingReason(tracksPath) }, () => {
  test("stacked geometry scores the published 0.648", async () => {
    const real = await importedBundle(slug, tracks as string);
    try {
      const baseline = await scoreFile(real.dir, path.join(real.dir, "baseline.json"));
      assert.equal(baseline.publicScore, 0.648);
      assertClose(baseline.publicScore, fixture.real.stacked, "baseline efficiency");
      // The course's own submission file, with its R and pitch columns.
      const example = realFile("week5_tracker/sample_submission_file.csv") as string;
      const result = await scoreFile(real.dir, example);
      assertClose(result.publicScore, fixture.real.course_example, "example efficiency");
    } finally {
      real.cleanup();
    }
  });
});
