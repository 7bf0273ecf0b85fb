import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  formatBytes,
  formatDuration,
  formatLocal,
  formatScore,
  formatUtc,
} from "../../lib/format.ts";

describe("formatUtc", () => {
  it("formats Date objects in UTC", () => {
    assert.equal(formatUtc(new Date(Date.UTC(2026, 0, 5, 7, 3))), "2026-01-05 07:03 UTC");
  });

  it("formats ISO strings with an offset in UTC", () => {
    assert.equal(formatUtc("2026-03-01T01:30:00+02:00"), "2026-02-28 23:30 UTC");
  });

  it("rejects invalid dates", () => {
    assert.throws(() => formatUtc("not a date"), /Invalid date: not a date/);
  });
});

describe("formatLocal", () => {
  it("formats in the requested time zone", () => {
    const text = formatLocal("2026-07-01T12:00:00Z", "Europe/Zurich");
    assert.match(text, /1 Jul 2026/);
    assert.match(text, /14:00/);
  });
});

describe("formatScore", () => {
  it("keeps six significant digits", () => {
    assert.equal(formatScore(0.123456789), "0.123457");
    assert.equal(formatScore(0.648), "0.648");
    assert.equal(formatScore(1234.56789), "1234.57");
  });

  it("writes zero and very small values readably", () => {
    assert.equal(formatScore(0), "0");
    assert.equal(formatScore(0.0000123), "1.230e-5");
  });

  it("writes a dash when there is no score", () => {
    assert.equal(formatScore(null), "–");
    assert.equal(formatScore(undefined), "–");
    assert.equal(formatScore(Number.NaN), "–");
    assert.equal(formatScore(Number.POSITIVE_INFINITY), "–");
  });
});

describe("formatBytes", () => {
  it("uses binary units", () => {
    assert.equal(formatBytes(512), "512 B");
    assert.equal(formatBytes(1536), "1.5 KiB");
    assert.equal(formatBytes(200 * 1024 * 1024), "200 MiB");
  });
});

describe("formatDuration", () => {
  it("names days, hours and minutes", () => {
    const minute = 60_000;
    assert.equal(formatDuration(30_000), "less than a minute");
    assert.equal(formatDuration(minute), "1 minute");
    assert.equal(formatDuration(61 * minute), "1 hour 1 minute");
    assert.equal(formatDuration(120 * minute), "2 hours");
    assert.equal(formatDuration((3 * 24 + 4) * 60 * minute), "3 days 4 hours");
    assert.equal(formatDuration(2 * 24 * 60 * minute), "2 days");
  });
});
