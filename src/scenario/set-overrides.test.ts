import { describe, expect, test } from "vitest";
import { inputErrorOf as usageError } from "../../test/fixtures/input-error-of.js";
import { applySetOverrides, parseSetOverride } from "./set-overrides.js";

describe("--set path=value", () => {
  test.each([
    ["spec.seed=7", ["spec", "seed"], 7],
    ["spec.cluster.nodePools[0].count=10", ["spec", "cluster", "nodePools", 0, "count"], 10],
    ['spec.cluster.nodePools[1].labels["team.io/owner"]=web', ["spec", "cluster", "nodePools", 1, "labels", "team.io/owner"], "web"],
    ["spec.duration=5m", ["spec", "duration"], "5m"],
    ["spec.cluster.nodePools[0].zones=[a, b]", ["spec", "cluster", "nodePools", 0, "zones"], ["a", "b"]],
    ["metadata.name=", ["metadata", "name"], ""],
    ["spec.x=a=b", ["spec", "x"], "a=b"],
  ])("%s", (text, path, value) => {
    expect(parseSetOverride(text)).toEqual({ path, value, text });
  });

  test.each(["spec", "=1", "spec..seed=1", "spec.nodePools[x]=1", "spec.nodePools[0=1", "[0]=1", "spec.seed={a: [}"])("%s is a usage error", (text) => {
    expect(usageError(() => parseSetOverride(text)).code).toBe("USAGE");
  });

  test("a value nested 5,000 deep is a usage error whose message shows only the start of it", () => {
    const text = `spec.seed=${"[".repeat(5000)}${"]".repeat(5000)}`;
    const e = usageError(() => parseSetOverride(text));
    expect(e.code).toBe("USAGE");
    // "spec.seed=" and 110 brackets: the first 120 characters, then an ellipsis.
    expect(e.message).toContain(`--set "spec.seed=${"[".repeat(110)}…": the value nests more than 256 levels`);
    expect(e.message.length).toBeLessThan(400);
  });

  test("replaces values, appends to lists at index = length, creates missing maps", () => {
    const doc = { spec: { seed: 1, list: [1, 2] } };
    applySetOverrides(doc, ["spec.seed=2", "spec.list[2]=3", "spec.kubelet.containerStart=1s"].map(parseSetOverride));
    expect(doc).toEqual({ spec: { seed: 2, list: [1, 2, 3], kubelet: { containerStart: "1s" } } });
  });

  test.each([
    ["spec.list[3]=1", "past the end of the list"],
    ["spec.seed.x=1", "through a scalar"],
    ["spec.list.x=1", "a key on a list"],
    ["spec[0]=1", "an index on a map"],
  ])("%s is a usage error (%s)", (text) => {
    const doc = { spec: { seed: 1, list: [1, 2] } };
    const e = usageError(() => applySetOverrides(doc, [parseSetOverride(text)]));
    expect(e.code).toBe("USAGE");
    expect(e.path).toBe("");
  });
});
