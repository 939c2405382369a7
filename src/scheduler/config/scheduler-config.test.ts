import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { InputError } from "../../errors.js";
import { defaultProfile } from "../profile.js";
import { buildEventInterest, SchedulingQueue } from "../queue/index.js";
import { parseConfigText } from "./config-yaml.js";
import { loadSchedulerConfiguration, loadSchedulerConfigurationFile } from "./scheduler-config.js";
import { inputErrorOf } from "../../../test/fixtures/input-error-of.js";

/** Lines joined with "\n": line numbers in expectations are the 1-based array positions. */
const yaml = (...lines: string[]) => lines.join("\n") + "\n";
const HEADER = ["apiVersion: kubescheduler.config.k8s.io/v1", "kind: KubeSchedulerConfiguration"];

function load(text: string) {
  return loadSchedulerConfiguration(parseConfigText(text, "sched.yaml"));
}

/** The errors of an invalid document as [code, path, line, column]. */
function errorsOf(text: string): [string, string, number, number][] {
  return inputErrorOf(() => load(text)).details.map((d) => [d.code, d.path, d.line, d.column]);
}

describe("defaults (reference §2)", () => {
  test("a configuration without profiles is the default profile and default queue", () => {
    const cfg = load(yaml(...HEADER));
    expect(cfg.parallelism).toBe(16);
    expect(cfg.percentageOfNodesToScore).toBe(0);
    expect(cfg.clientConnection).toEqual({ qps: 50, burst: 100 });
    expect(cfg.queue).toEqual({
      podInitialBackoffSeconds: 1,
      podMaxBackoffSeconds: 10,
      podInitialBackoffUs: 1_000_000,
      podMaxBackoffUs: 10_000_000,
    });
    expect(cfg.profiles).toHaveLength(1);
    const p = cfg.profiles[0]!;
    expect(p.schedulerName).toBe("default-scheduler");
    expect(p.score).toEqual([
      { name: "TaintToleration", weight: 3 },
      { name: "NodeAffinity", weight: 2 },
      { name: "NodeResourcesFit", weight: 1 },
      { name: "PodTopologySpread", weight: 2 },
      { name: "InterPodAffinity", weight: 2 },
      { name: "NodeResourcesBalancedAllocation", weight: 1 },
      { name: "ImageLocality", weight: 1 },
    ]);
    expect(p.filter.slice(0, 6)).toEqual(["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit"]);
    expect(p.postFilter).toEqual(["DefaultPreemption"]);
    // The framework's own default profile must be what the loader produces for "no config".
    expect(p).toEqual(defaultProfile());
  });

  test("a single unnamed profile is the default-scheduler; a named one keeps its name", () => {
    expect(load(yaml(...HEADER, "profiles:", "- plugins: {}")).profiles[0]!.schedulerName).toBe("default-scheduler");
    expect(load(yaml(...HEADER, "profiles:", "- schedulerName: batch")).profiles[0]!.schedulerName).toBe("batch");
  });
});

describe("plugin sets", () => {
  test("disabling a plugin through multiPoint removes it everywhere", () => {
    const p = load(
      yaml(...HEADER, "profiles:", "- plugins:", "    multiPoint:", "      disabled:", "      - name: ImageLocality", "      - name: NodePorts"),
    ).profiles[0]!;
    expect(p.score.map((s) => s.name)).not.toContain("ImageLocality");
    expect(p.filter).not.toContain("NodePorts");
    expect(p.filter).toHaveLength(11);
  });

  test('"*" disables every default score plugin, then enabled ones come back with their weights', () => {
    const p = load(
      yaml(
        ...HEADER,
        "profiles:",
        "- plugins:",
        "    score:",
        "      disabled:",
        '      - name: "*"',
        "      enabled:",
        "      - name: NodeResourcesFit",
        "        weight: 5",
        "      - name: NodeAffinity",
      ),
    ).profiles[0]!;
    expect(p.score).toEqual([
      { name: "NodeResourcesFit", weight: 5 },
      { name: "NodeAffinity", weight: 1 },
    ]);
    expect(p.filter).toEqual(defaultProfile().filter);
  });

  test("a weight override through multiPoint keeps the plugin's position", () => {
    const p = load(
      yaml(...HEADER, "profiles:", "- plugins:", "    multiPoint:", "      enabled:", "      - name: NodeResourcesFit", "        weight: 4"),
    ).profiles[0]!;
    expect(p.score.map((s) => `${s.name}=${s.weight}`)).toEqual([
      "TaintToleration=3",
      "NodeAffinity=2",
      "NodeResourcesFit=4",
      "PodTopologySpread=2",
      "InterPodAffinity=2",
      "NodeResourcesBalancedAllocation=1",
      "ImageLocality=1",
    ]);
  });

  test("percentageOfNodesToScore: a profile's value overrides the global one", () => {
    const cfg = load(
      yaml(...HEADER, "percentageOfNodesToScore: 30", "profiles:", "- schedulerName: a", "  percentageOfNodesToScore: 70", "- schedulerName: b"),
    );
    expect(cfg.profiles.map((p) => [p.schedulerName, p.percentageOfNodesToScore])).toEqual([
      ["a", 70],
      ["b", 30],
    ]);
  });

  test("queue and client settings", () => {
    const cfg = load(
      yaml(...HEADER, "podInitialBackoffSeconds: 2", "podMaxBackoffSeconds: 20", "parallelism: 4", "clientConnection:", "  qps: 200", "  burst: 400"),
    );
    expect(cfg.queue.podInitialBackoffUs).toBe(2_000_000);
    expect(cfg.queue.podMaxBackoffUs).toBe(20_000_000);
    expect(cfg.parallelism).toBe(4);
    expect(cfg.clientConnection).toEqual({ qps: 200, burst: 400 });
  });

  test("fields kube-scheduler has but kubesim ignores are accepted", () => {
    const cfg = load(
      yaml(...HEADER, "leaderElection:", "  leaderElect: false", "enableProfiling: true", "clientConnection:", "  kubeconfig: /etc/kubernetes/scheduler.conf"),
    );
    expect(cfg.profiles).toHaveLength(1);
  });
});

describe("errors: code, key path and position", () => {
  test("unknown top-level field", () => {
    expect(errorsOf(yaml(...HEADER, "percentOfNodesToScore: 50"))).toEqual([["UNKNOWN_FIELD", "percentOfNodesToScore", 3, 1]]);
  });

  test("unknown and removed plugin names", () => {
    const text = yaml(
      ...HEADER,
      "profiles:",
      "- plugins:",
      "    score:",
      "      enabled:",
      "      - name: NodeResourcesMostAllocated",
      "    filter:",
      "      disabled:",
      "      - name: NodeAfinity",
    );
    expect(errorsOf(text)).toEqual([
      ["UNKNOWN_REFERENCE", "profiles[0].plugins.filter.disabled[0].name", 10, 15],
      ["UNKNOWN_REFERENCE", "profiles[0].plugins.score.enabled[0].name", 7, 15],
    ]);
  });

  test("a plugin enabled at an extension point it does not implement", () => {
    const text = yaml(...HEADER, "profiles:", "- plugins:", "    filter:", "      enabled:", "      - name: ImageLocality");
    expect(errorsOf(text)).toEqual([["INVALID_VALUE", "profiles[0].plugins.filter.enabled[0]", 7, 9]]);
  });

  test("wrong types and out-of-range values are all reported at once", () => {
    const text = yaml(...HEADER, 'parallelism: "16"', "percentageOfNodesToScore: 101", "podInitialBackoffSeconds: 5", "podMaxBackoffSeconds: 3");
    expect(errorsOf(text)).toEqual([
      ["INVALID_TYPE", "parallelism", 3, 14],
      ["INVALID_VALUE", "percentageOfNodesToScore", 4, 27],
      ["INVALID_VALUE", "podMaxBackoffSeconds", 6, 23],
    ]);
  });

  test("apiVersion and kind", () => {
    expect(errorsOf(yaml("apiVersion: kubescheduler.config.k8s.io/v1beta3", "kind: KubeSchedulerConfiguration"))).toEqual([
      ["INVALID_VALUE", "apiVersion", 1, 13],
    ]);
    expect(errorsOf(yaml("kind: KubeSchedulerConfiguration"))).toEqual([["MISSING_FIELD", "apiVersion", 1, 1]]);
  });

  test("profiles need distinct names when there are several", () => {
    const text = yaml(...HEADER, "profiles:", "- schedulerName: a", "- schedulerName: a", "- plugins: {}");
    expect(errorsOf(text)).toEqual([
      ["MISSING_FIELD", "profiles[2].schedulerName", 6, 3],
      ["INVALID_VALUE", "profiles[1].schedulerName", 5, 18],
    ]);
  });

  test("duplicate pluginConfig entries and pluginConfig for an unknown plugin", () => {
    const text = yaml(
      ...HEADER,
      "profiles:",
      "- pluginConfig:",
      "  - name: InterPodAffinity",
      "  - name: InterPodAffinity",
      "  - name: Coscheduling",
    );
    expect(errorsOf(text)).toEqual([
      ["INVALID_VALUE", "profiles[0].pluginConfig[1]", 6, 5],
      ["UNKNOWN_REFERENCE", "profiles[0].pluginConfig[2].name", 7, 11],
    ]);
  });

  test("disabling the only queue sort or bind plugin", () => {
    const text = yaml(...HEADER, "profiles:", "- plugins:", "    queueSort:", "      disabled:", '      - name: "*"');
    expect(errorsOf(text)).toEqual([["INVALID_VALUE", "profiles[0].plugins.queueSort", 6, 7]]);
  });

  test("configurations the framework cannot represent are UNSUPPORTED", () => {
    const text = yaml(...HEADER, "profiles:", "- plugins:", "    preScore:", "      disabled:", "      - name: NodeResourcesFit");
    expect(errorsOf(text)).toEqual([["UNSUPPORTED", "profiles[0].plugins.preScore", 6, 7]]);
    expect(errorsOf(yaml(...HEADER, "extenders:", "- urlPrefix: http://x"))).toEqual([["UNSUPPORTED", "extenders", 4, 1]]);
  });

  test("YAML syntax errors", () => {
    const err = (() => {
      try {
        load(yaml(...HEADER, "profiles: [", "  - a"));
      } catch (e) {
        return e as InputError;
      }
      throw new Error("expected an error");
    })();
    expect(err).toBeInstanceOf(InputError);
    expect(err.code).toBe("YAML_SYNTAX");
    expect(err.details[0]!.file).toBe("sched.yaml");
  });
});

describe("loading from a file", () => {
  test("reads the file and reports positions in it", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-schedcfg-"));
    try {
      const file = join(dir, "config.yaml");
      writeFileSync(file, yaml(...HEADER, "podMaxBackoffSeconds: 30"));
      expect(loadSchedulerConfigurationFile(file).queue.podMaxBackoffSeconds).toBe(30);

      writeFileSync(file, yaml(...HEADER, "profiles:", "- schedulerName: x", "  bogus: 1"));
      try {
        loadSchedulerConfigurationFile(file);
        throw new Error("expected an error");
      } catch (e) {
        expect((e as InputError).details[0]).toMatchObject({ file, line: 5, column: 3, path: "profiles[0].bogus", code: "UNKNOWN_FIELD" });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a missing file is FILE_UNREADABLE", () => {
    expect(() => loadSchedulerConfigurationFile("/nonexistent/kubesim/config.yaml")).toThrow(
      expect.objectContaining({ code: "FILE_UNREADABLE" }),
    );
  });
});

describe("extension points the framework runs together", () => {
  test("disabling a Filter alone is fine when its PreFilter only precomputes state", () => {
    const p = load(yaml(...HEADER, "profiles:", "- plugins:", "    filter:", "      disabled:", "      - name: NodePorts")).profiles[0]!;
    expect(p.filter).not.toContain("NodePorts");
  });

  test("NodeAffinity's PreFilter without its Filter, or a Filter without its PreFilter, is UNSUPPORTED", () => {
    expect(errorsOf(yaml(...HEADER, "profiles:", "- plugins:", "    filter:", "      disabled:", "      - name: NodeAffinity"))).toEqual([
      ["UNSUPPORTED", "profiles[0].plugins.filter", 6, 7],
    ]);
    expect(errorsOf(yaml(...HEADER, "profiles:", "- plugins:", "    preFilter:", "      disabled:", "      - name: NodePorts"))).toEqual([
      ["UNSUPPORTED", "profiles[0].plugins.preFilter", 6, 7],
    ]);
  });
});

describe("queue settings drive the scheduling queue", () => {
  test("podInitialBackoffSeconds 2 and podMaxBackoffSeconds 5 give backoffs of 2, 4, 5 s", () => {
    const cfg = load(yaml(...HEADER, "podInitialBackoffSeconds: 2", "podMaxBackoffSeconds: 5"));
    const q = new SchedulingQueue({ eventInterest: buildEventInterest(cfg.profiles[0]!.filter), ...cfg.queue });
    q.add(0, 0, 0);
    const expiries: number[] = [];
    let now = 0;
    for (let i = 0; i < 3; i++) {
      expect(q.pop()).toBe(0);
      q.addUnschedulable(0, 0, now, { error: true });
      expiries.push((q.backoffExpiryUsOf(0) - now) / 1_000_000);
      now = q.nextDueUs();
      q.flush(now);
    }
    expect(expiries).toEqual([2, 4, 5]);
  });
});

describe("configurations as the Kubernetes documentation writes them", () => {
  test("resource bin packing with RequestedToCapacityRatio (args before name)", () => {
    const cfg = load(
      yaml(
        ...HEADER,
        "profiles:",
        "- pluginConfig:",
        "  - args:",
        "      scoringStrategy:",
        "        resources:",
        "        - name: cpu",
        "          weight: 1",
        "        - name: intel.com/foo",
        "          weight: 3",
        "        requestedToCapacityRatio:",
        "          shape:",
        "          - utilization: 0",
        "            score: 0",
        "          - utilization: 100",
        "            score: 10",
        "        type: RequestedToCapacityRatio",
        "    name: NodeResourcesFit",
      ),
    );
    expect(cfg.profiles[0]!.pluginConfig.NodeResourcesFit.scoringStrategy).toEqual({
      type: "RequestedToCapacityRatio",
      resources: [
        { name: "cpu", weight: 1 },
        { name: "intel.com/foo", weight: 3 },
      ],
      requestedToCapacityRatio: {
        shape: [
          { utilization: 0, score: 0 },
          { utilization: 100, score: 10 },
        ],
      },
    });
  });

  test("a second profile without scoring", () => {
    const cfg = load(
      yaml(
        ...HEADER,
        "profiles:",
        "  - schedulerName: default-scheduler",
        "  - schedulerName: no-scoring-scheduler",
        "    plugins:",
        "      preScore:",
        "        disabled:",
        "        - name: '*'",
        "      score:",
        "        disabled:",
        "        - name: '*'",
      ),
    );
    expect(cfg.profiles.map((p) => [p.schedulerName, p.score.length, p.filter.length])).toEqual([
      ["default-scheduler", 7, 12],
      ["no-scoring-scheduler", 0, 12],
    ]);
  });
});

test("enabling DynamicResources is UNSUPPORTED", () => {
  const text = yaml(...HEADER, "profiles:", "- plugins:", "    multiPoint:", "      enabled:", "      - name: DynamicResources");
  expect(errorsOf(text)).toEqual([["UNSUPPORTED", "profiles[0].plugins", 5, 5]]);
});
