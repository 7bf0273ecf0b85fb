import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseDecimalInto, parseDecimalText, parseIntegerIdBytes } from "../../lib/reader/parse-number";

const encoder = new TextEncoder();

function fast(text: string): number | undefined {
  const bytes = encoder.encode(text);
  const target = new Float64Array(1);
  return parseDecimalInto(bytes, 0, bytes.length, target, 0) ? target[0] : undefined;
}

/** A seeded 32-bit generator (mulberry32) for reproducible cases. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("parseDecimalInto", () => {
  it("equals Number() on random decimals", () => {
    const next = random(42);
    for (let i = 0; i < 20000; i++) {
      const digits = 1 + Math.floor(next() * 15);
      const value = next() * 10 ** Math.floor(next() * 8 - 4);
      const sign = next() < 0.2 ? "-" : "";
      const text = sign + value.toFixed(Math.min(digits, 15));
      const parsed = fast(text);
      if (parsed === undefined) continue;
      assert.equal(parsed, Number(text), text);
    }
  });

  it("reads plain forms", () => {
    assert.equal(fast("0"), 0);
    assert.equal(fast("42"), 42);
    assert.equal(fast("-0.125"), -0.125);
    assert.equal(fast("+3.5"), 3.5);
    assert.equal(fast(".5"), 0.5);
    assert.equal(fast("5."), 5);
    assert.equal(fast("0.00000001"), 1e-8);
    assert.equal(Object.is(fast("-0"), -0), true);
  });

  it("leaves other forms to the text parser", () => {
    for (const text of ["", "-", ".", "1e5", "0x10", "1.2.3", " 1", "nan", "0.12345678901234567", "1,5"]) {
      assert.equal(fast(text), undefined, text);
    }
  });
});

describe("parseDecimalText", () => {
  it("reads exponents and spaces", () => {
    assert.deepEqual(parseDecimalText(" 1.5e-3 "), { kind: "number", value: 0.0015 });
    assert.deepEqual(parseDecimalText("0.1234567890123456"), { kind: "number", value: 0.1234567890123456 });
  });

  it("separates empty, non-finite and invalid", () => {
    assert.deepEqual(parseDecimalText("  "), { kind: "empty" });
    for (const text of ["NaN", "nan", "-inf", "Infinity", "1e999"]) {
      assert.deepEqual(parseDecimalText(text), { kind: "not_finite" }, text);
    }
    for (const text of ["0x10", "abc", "1_0", "1..2", "--1"]) {
      assert.deepEqual(parseDecimalText(text), { kind: "invalid" }, text);
    }
  });
});

describe("parseIntegerIdBytes", () => {
  const parse = (text: string) => {
    const bytes = encoder.encode(text);
    return parseIntegerIdBytes(bytes, 0, bytes.length);
  };

  it("reads canonical integers", () => {
    assert.equal(parse("0"), 0);
    assert.equal(parse("1000001"), 1000001);
    assert.equal(parse("-12"), -12);
    assert.equal(parse("999999999999999"), 999999999999999);
  });

  it("rejects other forms", () => {
    for (const text of ["", "007", "+1", "-0", "1.0", "1e3", "1234567890123456", "12a", "-"]) {
      assert.ok(Number.isNaN(parse(text)), text);
    }
  });
});
