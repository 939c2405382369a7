/**
 * The results folder appears complete or not at all: a handler that throws mid-run, a failure
 * while writing, or bad input (exit 2) leave no `<scenario>/<run-id>/` folder behind.
 */
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Actor, ActorContext } from "../src/apiserver/actor.js";
import { Band, SimulationError } from "../src/engine/index.js";
import { main } from "../src/cli/kubesim.js";
import { writeRunOutputs } from "../src/report/run-outputs.js";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, scenario } from "./fixtures/runtime-scenario.js";
import { tempDir } from "./fixtures/temp-dir.js";

const tmp = tempDir("kubesim-atomic-");

describe("a failed run", () => {
  it("stops with a SimulationError naming the time when an actor throws", () => {
    const boom: Actor = {
      name: "boom",
      start(ctx: ActorContext) {
        const kind = ctx.sim.handler(() => {
          throw new Error("boom");
        });
        ctx.sim.at(30_000_000, Band.CONTROLLER, kind, 0);
      },
    };
    expect(() => runScenario(scenario({ objects: [loaded(deployment("web", 2))] }), { actors: [boom] })).toThrow(SimulationError);
  });

  it("leaves no folder when writing fails", () => {
    const o = runScenario(scenario({ objects: [loaded(deployment("web", 2))], durationUs: 60_000_000 }));
    expect(() => writeRunOutputs(o, { outputDir: tmp, runId: "r1", args: [], extraFiles: { "../escape.txt": "x" } })).toThrow();
    expect(existsSync(join(tmp, "test", "r1"))).toBe(false);
    expect(readdirSync(join(tmp, "test"))).toEqual([]);
  });

  it("exits 2 on bad input and writes nothing", async () => {
    const bad = join(tmp, "bad.yaml");
    writeFileSync(bad, "apiVersion: kubesim.io/v1alpha1\nkind: Scenario\nmetadata: {name: bad}\nspec:\n  duration: 10m\n  cluster: {nodePools: [{name: p, count: 1}]}\n");
    const out = join(tmp, "results");
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await main(["run", bad, "-o", out])).toBe(2);
      expect(await main(["run", bad, "-o", out, "--seed", "x"])).toBe(2);
    } finally {
      process.stderr.write = stderr;
    }
    expect(existsSync(out)).toBe(false);
  });
});
