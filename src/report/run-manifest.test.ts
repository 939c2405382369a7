import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { InputError } from "../errors.js";
import { KUBERNETES_VERSION_MODELLED, KUBESIM_VERSION } from "../version.js";
import { buildRunManifest, defaultRunId, manifestPath, renderRunManifest } from "./run-manifest.js";
import { stableStringify } from "./stable-json.js";

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "kubesim-manifest-"));
  mkdirSync(join(cwd, "scenarios"));
  writeFileSync(join(cwd, "scenarios", "x.yaml"), "abc");
  writeFileSync(join(cwd, "empty.yaml"), "");
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

// sha256 test vectors: FIPS 180-2 example "abc", and the empty message.
const SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const SHA256_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("buildRunManifest", () => {
  test("hashes each input file's bytes under its relative path, with versions, seed, args and inputs", () => {
    const m = buildRunManifest({
      seed: 42,
      runId: "s42-deadbeef",
      args: ["run", "./scenarios/x.yaml", "--seed", "42"],
      inputFiles: ["./scenarios/x.yaml", "empty.yaml"],
      inputs: { spec: { duration: "6h" } },
      cwd,
    });
    expect(m).toEqual({
      apiVersion: "kubesim.io/v1alpha1",
      kind: "RunManifest",
      kubesimVersion: KUBESIM_VERSION,
      kubernetesVersionModelled: KUBERNETES_VERSION_MODELLED,
      seed: 42,
      runId: "s42-deadbeef",
      args: ["run", "./scenarios/x.yaml", "--seed", "42"],
      inputFiles: {
        "scenarios/x.yaml": { sha256: SHA256_ABC, bytes: 3 },
        "empty.yaml": { sha256: SHA256_EMPTY, bytes: 0 },
      },
      inputs: { spec: { duration: "6h" } },
    });
  });

  test("an absolute input path is recorded relative to the working directory", () => {
    const m = buildRunManifest({ seed: 1, args: [], inputFiles: [join(cwd, "scenarios", "x.yaml")], inputs: null, cwd });
    expect(Object.keys(m.inputFiles)).toEqual(["scenarios/x.yaml"]);
  });

  test("run.json holds no wall-clock time and is byte-identical for identical runs", () => {
    const options = { seed: 7, args: ["run", "empty.yaml"], inputFiles: ["empty.yaml"], inputs: { b: 1, a: 2 }, cwd };
    const first = renderRunManifest(buildRunManifest(options));
    const second = renderRunManifest(buildRunManifest({ ...options, inputs: { a: 2, b: 1 } }));
    expect(second).toBe(first);
    // No ISO timestamp or epoch-milliseconds-sized number anywhere.
    expect(first).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(first.endsWith("}\n")).toBe(true);
  });

  test("changing one input byte changes its hash", () => {
    const before = buildRunManifest({ seed: 1, args: [], inputFiles: ["empty.yaml"], inputs: null, cwd });
    writeFileSync(join(cwd, "empty.yaml"), "\n");
    const after = buildRunManifest({ seed: 1, args: [], inputFiles: ["empty.yaml"], inputs: null, cwd });
    expect(after.inputFiles["empty.yaml"]!.sha256).not.toBe(before.inputFiles["empty.yaml"]!.sha256);
    expect(after.inputFiles["empty.yaml"]!.bytes).toBe(1);
  });

  test("a missing input file is an InputError FILE_UNREADABLE naming the file as given", () => {
    let err: unknown;
    try {
      buildRunManifest({ seed: 1, args: [], inputFiles: ["nope.yaml"], inputs: null, cwd });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe("FILE_UNREADABLE");
    expect((err as InputError).details[0]!.file).toBe("nope.yaml");
  });
});

describe("defaultRunId", () => {
  test("is s<seed>-<first 8 hex of sha256 of the inputs' one-line stable JSON>", () => {
    const inputs = { z: 1, a: [true] };
    // Stable JSON with sorted keys: {"a":[true],"z":1}
    const expected = createHash("sha256").update('{"a":[true],"z":1}\n').digest("hex").slice(0, 8);
    expect(stableStringify(inputs, 0)).toBe('{"a":[true],"z":1}\n');
    expect(defaultRunId(42, inputs)).toBe(`s42-${expected}`);
    expect(defaultRunId(42, { a: [true], z: 1 })).toBe(defaultRunId(42, inputs));
    expect(defaultRunId(43, inputs)).not.toBe(defaultRunId(42, inputs));
  });
});

describe("manifestPath", () => {
  test.each([
    ["./scenarios/x.yaml", "scenarios/x.yaml"],
    ["scenarios/../x.yaml", "x.yaml"],
    ["../shared/real/a.yaml", "../shared/real/a.yaml"],
    ["/w/main/scenarios/x.yaml", "scenarios/x.yaml"],
    ["/w/other/y.yaml", "../other/y.yaml"],
  ])("%s is listed as %s (cwd /w/main)", (given, key) => {
    expect(manifestPath(given, "/w/main")).toBe(key);
  });
});
