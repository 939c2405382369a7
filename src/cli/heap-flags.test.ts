import { describe, expect, it } from "vitest";
import { heapFlagsToAdd, SEMI_SPACE_MB } from "./heap-flags.js";

const FLAG = `--max-semi-space-size=${SEMI_SPACE_MB}`;

describe("heapFlagsToAdd", () => {
  it("adds the semi-space flag for the commands that simulate, after global options", () => {
    expect(heapFlagsToAdd(["run", "s.yaml"], [], {})).toEqual([FLAG]);
    expect(heapFlagsToAdd(["--json", "sweep", "s.yaml"], [], {})).toEqual([FLAG]);
    expect(heapFlagsToAdd(["--color", "never", "bench", "scheduler"], [], {})).toEqual([FLAG]);
  });

  it("runs everything else in place", () => {
    expect(heapFlagsToAdd(["validate", "run.yaml"], [], {})).toEqual([]);
    expect(heapFlagsToAdd(["--color", "run"], [], {})).toEqual([]); // "run" is the colour value here
    expect(heapFlagsToAdd(["--help"], [], {})).toEqual([]);
    expect(heapFlagsToAdd([], [], {})).toEqual([]);
  });

  it("never twice: not when the flag is given, nor in the relaunched process", () => {
    expect(heapFlagsToAdd(["run", "s.yaml"], ["--max-semi-space-size=32"], {})).toEqual([]);
    expect(heapFlagsToAdd(["run", "s.yaml"], [], { NODE_OPTIONS: "--max-semi-space-size=8" })).toEqual([]);
    expect(heapFlagsToAdd(["run", "s.yaml"], [], { KUBESIM_RELAUNCHED: "1" })).toEqual([]);
  });
});
