import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { loadBundle } from "../../lib/challenge/load";
import { SubmissionError } from "../../lib/reader/errors";
import {
  assertClose,
  copyBundle,
  demoBundle,
  importedBundle,
  missingReason,
  readFixture,
  realFile,
  repoRoot,
  scoreFile,
  writeSubmission,
} from "./helpers";

interface Expected {
  selected_events: number;
  baseline: Record<string, number>;
  baseline_value: number;
  submitted: Record<string, number>;
  submitted_value: number;
}
const fixture = readFixture<{ demo: Expected; real: Expected }>("z-boson-peak");
const slug = "z-boson-peak";

test("z-boson-peak bundle loads from the repository", () => {
  const bundle = loadBundle(path.join(repoRoot, "challenges", slug));
  assert.equal(bundle.slug, slug);
  assert.equal(bundle.definition.parameters?.direction, "minimize");
});

describe("z-boson-peak demo data", () => {
  let demo: { dir: string; cleanup: () => void };
  before(async () => {
    demo = await demoBundle(slug);
  });
  after(() => demo.cleanup());

  test("generation is deterministic for a seed", async () => {
    const again = await demoBundle(slug);
    const other = await demoBundle(slug, 7);
    const events = (dir: string) => readFileSync(path.join(dir, "public", "dimuon-events.csv"), "utf8");
    assert.equal(events(again.dir), events(demo.dir));
    assert.notEqual(events(other.dir), events(demo.dir));
    again.cleanup();
    other.cleanup();
  });

  test("baseline scores as the reference computes", async () => {
    const baseline = JSON.parse(readFileSync(path.join(demo.dir, "public", "baseline.json"), "utf8"));
    for (const [name, value] of Object.entries(fixture.demo.baseline)) {
      assertClose(baseline[name], value, `baseline ${name}`);
    }
    const result = await scoreFile(demo.dir, path.join(demo.dir, "public", "baseline.json"));
    assertClose(result.publicScore, fixture.demo.baseline_value, "baseline objective");
    assert.equal(result.privateScore, result.publicScore);
  });

  test("details hold the histogram and curve", async () => {
    const file = writeSubmission(demo.dir, "fit.json", JSON.stringify(fixture.demo.submitted));
    const result = await scoreFile(demo.dir, file);
    assertClose(result.publicScore, fixture.demo.submitted_value, "submitted objective");
    const details = result.details as { histogram: { counts: number[] }; curve: number[]; selectedEvents: number };
    assert.equal(details.histogram.counts.length, 120);
    assert.equal(details.curve.length, 120);
    assert.equal(details.selectedEvents, fixture.demo.selected_events);
  });

  test("negative sigma is rejected by name", async () => {
    const file = writeSubmission(demo.dir, "bad.json", JSON.stringify({ ...fixture.demo.submitted, sigma: -1 }));
    await assert.rejects(scoreFile(demo.dir, file), (error: unknown) => {
      assert.ok(error instanceof SubmissionError);
      assert.match(error.message, /sigma/);
      return true;
    });
  });

  test("missing parameter is rejected by name", async () => {
    const file = writeSubmission(demo.dir, "short.csv", "m0,sigma,amplitude\n91,2.5,4000\n");
    await assert.rejects(scoreFile(demo.dir, file), /background/);
  });
});

const zmumu = realFile("week1_zmumu/Zmumu.csv");

describe("z-boson-peak real data", { skip: zmumu ? false : missingReason("week1_zmumu/Zmumu.csv") }, () => {
  test("submission matches the numpy reference", async () => {
    const real = await importedBundle(slug, zmumu as string);
    try {
      const file = writeSubmission(real.dir, "fit.json", JSON.stringify(fixture.real.submitted));
      const result = await scoreFile(real.dir, file);
      assertClose(result.publicScore, fixture.real.submitted_value, "submitted objective");
      const baseline = await scoreFile(real.dir, path.join(real.dir, "public", "baseline.json"));
      assertClose(baseline.publicScore, fixture.real.baseline_value, "baseline objective");
      const details = result.details as { selectedEvents: number };
      assert.equal(details.selectedEvents, fixture.real.selected_events);
    } finally {
      real.cleanup();
    }
  });

  test("import rejects a file without charges", async () => {
    const copy = copyBundle(slug);
    try {
      const source = writeSubmission(copy.dir, "bad.csv", "Run,Event,pt1\n1,2,3\n");
      const { getChallengeData } = await import("../../lib/course/registry");
      await assert.rejects(
        getChallengeData(slug)!.importFrom({ bundleDir: copy.dir, from: source, seed: 1 }),
        /bad\.csv: missing columns "eta1"/,
      );
    } finally {
      copy.cleanup();
    }
  });
});
