import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { DuplicateKeyIdError, IdIndexBuilder, type IdIndex } from "../../lib/reader/id-index";

const encoder = new TextEncoder();

function build(ids: string[]): IdIndex {
  const builder = new IdIndexBuilder(2);
  for (const id of ids) builder.addText(id);
  return builder.finish();
}

function findText(index: IdIndex, id: string): number {
  const bytes = encoder.encode(id);
  return index.findBytes(bytes, 0, bytes.length);
}

describe("IdIndex", () => {
  const cases: [string, string[]][] = [
    ["dense integers", Array.from({ length: 500 }, (_, row) => String(1000 + ((row * 7) % 500)))],
    ["sparse integers", Array.from({ length: 500 }, (_, row) => String(row * 982_451_653 + 17))],
    ["text ids", Array.from({ length: 500 }, (_, row) => (row === 250 ? "x-250" : String(row)))],
  ];
  for (const [name, ids] of cases) {
    it(`finds every row with ${name}`, () => {
      const index = build(ids);
      assert.equal(index.size, ids.length);
      ids.forEach((id, row) => {
        assert.equal(findText(index, id), row, id);
        assert.equal(index.find(id), row, id);
      });
      assert.equal(findText(index, "123456789012"), -1);
      assert.equal(findText(index, "nope"), -1);
      assert.deepEqual(index.idTexts([3, 0, 499]), [ids[3], ids[0], ids[499]]);
    });
  }

  it("keeps leading zeros distinct", () => {
    const index = build(["7", "007", "8"]);
    assert.equal(findText(index, "7"), 0);
    assert.equal(findText(index, "007"), 1);
    assert.equal(index.find(7), 0);
  });

  it("finds numeric ids given as numbers", () => {
    const index = build(["5", "6"]);
    assert.equal(index.find(6), 1);
    assert.equal(index.find(6.5), -1);
    assert.equal(findText(index, "6.0"), -1);
  });

  it("rejects duplicate ids in each mode", () => {
    for (const ids of [["1", "2", "1"], ["1", "99999999999", "1"], ["a", "b", "a"]]) {
      assert.throws(() => build(ids), (error: unknown) => {
        assert.ok(error instanceof DuplicateKeyIdError);
        assert.equal(error.id, ids[0]);
        assert.equal(error.row, 2);
        return true;
      });
    }
  });
});
