import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { MAX_CONCURRENT_MODEL_CHECKS, withModelCheckSlot } from "@/lib/api/upload-slots";
import { AppError } from "@/lib/errors";

/** Returns a promise and the function that resolves it, to end work on demand. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe("model check slots", () => {
  test("second check of a user is rejected", async () => {
    const first = gate();
    const running = withModelCheckSlot("user-1", () => first.opened);

    await assert.rejects(
      withModelCheckSlot("user-1", async () => "second"),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === "rate_limited:model_check_in_progress" &&
        error.status === 429,
    );
    assert.equal(await withModelCheckSlot("user-2", async () => "other user"), "other user");

    first.open();
    await running;
    assert.equal(await withModelCheckSlot("user-1", async () => "after"), "after");
  });

  test("failed check frees the slot", async () => {
    await assert.rejects(
      withModelCheckSlot("user-3", async () => {
        throw new Error("model rejected");
      }),
      /model rejected/,
    );
    assert.equal(await withModelCheckSlot("user-3", async () => "again"), "again");
  });

  test("checks wait beyond the limit", async () => {
    const total = MAX_CONCURRENT_MODEL_CHECKS + 3;
    const gates = Array.from({ length: total }, () => gate());
    let running = 0;
    let maxRunning = 0;
    const started: number[] = [];

    const checks = gates.map((entry, index) =>
      withModelCheckSlot(`waiting-${index}`, async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        started.push(index);
        await entry.opened;
        running -= 1;
        if (index === 0) throw new Error("model rejected");
        return index;
      }),
    );
    const settled = Promise.allSettled(checks);
    await nextTurn();
    assert.equal(running, MAX_CONCURRENT_MODEL_CHECKS);

    for (const entry of gates) {
      entry.open();
      await nextTurn();
    }
    const results = await settled;

    assert.equal(maxRunning, MAX_CONCURRENT_MODEL_CHECKS);
    assert.deepEqual(started, gates.map((_, index) => index));
    assert.equal(results[0]?.status, "rejected");
    assert.equal(results.filter((result) => result.status === "fulfilled").length, total - 1);
    assert.equal(await withModelCheckSlot("user-4", async () => "free"), "free");
  });
});
