import { describe, expect, test } from "vitest";
import { ControlBlock, MESSAGE_BYTES, PARAM_SLOTS, takeChunk, WORK, workStart } from "./control-block.js";

describe("ControlBlock", () => {
  test("a helper's message is read back by another view of the same buffer", () => {
    const main = ControlBlock.create(2);
    const helper = ControlBlock.attach(main.buffer, 2);
    helper.writeMessage(1, "Error: bad ✗ kernel");
    expect(main.readMessage(1)).toBe("Error: bad ✗ kernel");
    expect(main.readMessage(0)).toBe("");
  });

  test("long messages are cut to MESSAGE_BYTES on a character boundary", () => {
    const block = ControlBlock.create(1);
    // "é" is 2 bytes in UTF-8: MESSAGE_BYTES / 2 of them fill the area exactly; one "x" first
    // leaves a single byte, too small for the last "é", so one fewer fits.
    block.writeMessage(0, "x" + "é".repeat(MESSAGE_BYTES));
    expect(block.readMessage(0)).toBe("x" + "é".repeat(MESSAGE_BYTES / 2 - 1));
  });

  test("chunks are taken from both ends, each exactly once, and only in the current round", () => {
    const ints = ControlBlock.create(1).ints;
    const round = (1 << 17) + 5; // the tag keeps 17 bits: the same as round 5
    Atomics.store(ints, WORK, workStart(round));
    const taken = [takeChunk(ints, round, 5, false), takeChunk(ints, round, 5, true), takeChunk(ints, round, 5, true), takeChunk(ints, round, 5, false)];
    expect(taken).toEqual([0, 4, 3, 1]);
    expect(takeChunk(ints, round - 1, 5, false)).toBe(-1); // a helper still in the last round
    expect(takeChunk(ints, 5, 5, true)).toBe(2);
    expect([takeChunk(ints, round, 5, false), takeChunk(ints, round, 5, true)]).toEqual([-1, -1]);
    // 127 chunks (MAX_CHUNKS) fit both 7-bit counts.
    Atomics.store(ints, WORK, workStart(6));
    const all = Array.from({ length: 127 }, (_, i) => takeChunk(ints, 6, 127, i % 3 === 0));
    expect(new Set(all).size).toBe(127);
    expect(Math.min(...all)).toBe(0);
    expect(takeChunk(ints, 6, 127, false)).toBe(-1);
  });

  test("per-helper cells and params do not overlap", () => {
    const block = ControlBlock.create(3);
    const cells = [0, 1, 2].flatMap((h) => [block.doneIndex(h), block.stateIndex(h), block.sleepingIndex(h)]);
    expect(new Set(cells).size).toBe(9);
    expect(Math.max(...cells)).toBeLessThan(block.ints.length);
    expect(block.params.length).toBe(PARAM_SLOTS);
    expect(block.params.byteOffset).toBeGreaterThanOrEqual(block.ints.byteLength);
    // Each helper's cells sit on their own 64-byte line.
    expect(block.doneIndex(1) - block.doneIndex(0)).toBe(16);
  });
});
