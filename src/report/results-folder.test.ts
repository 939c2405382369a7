import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ResultsFolder, abortAllOpenResultsFolders, openResultsFolderCount, withResultsFolder } from "./results-folder.js";

let root: string;
let scenarioDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "kubesim-results-"));
  scenarioDir = join(root, "results", "black-friday");
});

afterEach(() => {
  abortAllOpenResultsFolders();
  rmSync(root, { recursive: true, force: true });
});

/** Entries of the scenario folder, hidden ones included. */
function entries(): string[] {
  return existsSync(scenarioDir) ? readdirSync(scenarioDir).sort() : [];
}

describe("ResultsFolder", () => {
  test("files go to .<run-id>.tmp until commit, then the folder appears whole under <run-id>", () => {
    const finalDir = join(scenarioDir, "s42-3f9a1c2e");
    const folder = ResultsFolder.begin(finalDir);
    expect(folder.tempDir).toBe(join(scenarioDir, ".s42-3f9a1c2e.tmp"));
    folder.write("summary.csv", "metric,scope\n");
    folder.write("charts/nodes.svg", new Uint8Array([60, 115, 118, 103, 62]));
    expect(entries()).toEqual([".s42-3f9a1c2e.tmp"]);

    folder.commit();
    expect(folder.state).toBe("committed");
    expect(entries()).toEqual(["s42-3f9a1c2e"]);
    expect(readFileSync(join(finalDir, "summary.csv"), "utf8")).toBe("metric,scope\n");
    expect(readFileSync(join(finalDir, "charts", "nodes.svg"), "utf8")).toBe("<svg>");
  });

  test("content given in pieces is written piece by piece into one file", () => {
    const finalDir = join(scenarioDir, "pieces");
    const folder = ResultsFolder.begin(finalDir);
    function* pieces(): Generator<string> {
      yield "a,b\n";
      yield "1,2\n";
    }
    folder.write("events.csv", pieces());
    folder.commit();
    expect(readFileSync(join(finalDir, "events.csv"), "utf8")).toBe("a,b\n1,2\n");
  });

  test("a failure mid-write followed by abort leaves neither the final nor the temporary folder", () => {
    const finalDir = join(scenarioDir, "s1-aaaaaaaa");
    const folder = ResultsFolder.begin(finalDir);
    const fill = (): void => {
      folder.write("summary.csv", "a\n");
      folder.write("pods.csv", "b\n");
      throw new Error("disk full (simulated)");
    };
    expect(fill).toThrow(/simulated/);
    folder.abort();
    expect(folder.state).toBe("aborted");
    expect(entries()).toEqual([]);
    expect(openResultsFolderCount()).toBe(0);
  });

  test("withResultsFolder aborts and rethrows when filling fails, and commits when it succeeds", () => {
    const finalDir = join(scenarioDir, "run");
    expect(() =>
      withResultsFolder(finalDir, (f) => {
        f.write("timeseries.csv", "x\n");
        throw new Error("model bug");
      }),
    ).toThrow(/model bug/);
    expect(entries()).toEqual([]);

    withResultsFolder(finalDir, (f) => f.write("run.json", "{}\n"));
    expect(entries()).toEqual(["run"]);
    expect(readFileSync(join(finalDir, "run.json"), "utf8")).toBe("{}\n");
  });

  test("commit replaces an existing folder of the same run id, dropping files the new run did not write", () => {
    const finalDir = join(scenarioDir, "s42-3f9a1c2e");
    withResultsFolder(finalDir, (f) => {
      f.write("summary.csv", "old\n");
      f.write("stale.csv", "only in the old run\n");
    });
    withResultsFolder(finalDir, (f) => f.write("summary.csv", "new\n"));
    expect(entries()).toEqual(["s42-3f9a1c2e"]);
    expect(readdirSync(finalDir)).toEqual(["summary.csv"]);
    expect(readFileSync(join(finalDir, "summary.csv"), "utf8")).toBe("new\n");
  });

  test("a failed run leaves a previous run's folder untouched", () => {
    const finalDir = join(scenarioDir, "r");
    withResultsFolder(finalDir, (f) => f.write("summary.csv", "good\n"));
    const again = ResultsFolder.begin(finalDir);
    again.write("summary.csv", "half");
    again.abort();
    expect(entries()).toEqual(["r"]);
    expect(readFileSync(join(finalDir, "summary.csv"), "utf8")).toBe("good\n");
  });

  test("abortAllOpenResultsFolders removes every open temporary folder and leaves committed ones", () => {
    const done = ResultsFolder.begin(join(scenarioDir, "done"));
    done.write("a.csv", "1\n");
    done.commit();
    const one = ResultsFolder.begin(join(scenarioDir, "one"));
    const two = ResultsFolder.begin(join(root, "results", "other", "two"));
    one.write("a.csv", "1\n");
    two.write("deep/b.csv", "2\n");
    expect(openResultsFolderCount()).toBe(2);

    expect(abortAllOpenResultsFolders()).toEqual([one.tempDir, two.tempDir]);
    expect(openResultsFolderCount()).toBe(0);
    expect(entries()).toEqual(["done"]);
    expect(readdirSync(join(root, "results", "other"))).toEqual([]);
    expect(one.state).toBe("aborted");
    expect(() => one.write("late.csv", "")).toThrow(/aborted/);
  });

  test("begin removes a temporary folder left behind by a killed run", () => {
    const stale = join(scenarioDir, ".r.tmp");
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, "leftover.csv"), "x");
    const folder = ResultsFolder.begin(join(scenarioDir, "r"));
    folder.write("summary.csv", "s\n");
    folder.commit();
    expect(readdirSync(join(scenarioDir, "r"))).toEqual(["summary.csv"]);
  });

  test.each(["../escape.csv", "/etc/passwd", "", "a/../../b"])("write(%j) throws: names stay inside the folder", (name) => {
    const folder = ResultsFolder.begin(join(scenarioDir, "r"));
    expect(() => folder.write(name, "x")).toThrow(/inside the folder/);
  });

  test("commit and write after commit throw; abort after commit does nothing", () => {
    const folder = ResultsFolder.begin(join(scenarioDir, "r"));
    folder.commit();
    expect(() => folder.commit()).toThrow(/committed/);
    expect(() => folder.write("x.csv", "")).toThrow(/committed/);
    folder.abort();
    expect(folder.state).toBe("committed");
    expect(entries()).toEqual(["r"]);
  });
});
