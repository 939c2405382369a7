/**
 * The API server model end to end (spec.apiServer; docs/api-server.md): client rate limits,
 * APF queueing and 429s, max-inflight mode, and admission webhooks, seen through what the
 * actors and the recorder observe. Expected values come from the mechanisms:
 * - V30: the ReplicaSet controller's bucket (QPS 20, burst 30) spaces 1000 creates so that the
 *   last reaches the server (1000 − 30) / 20 = 48.5 s after the first;
 * - V31: the scheduler's bucket (QPS 50, burst 100) sends the last of 1000 binds
 *   (1000 − 100) / 50 = 18 s after the first, so the slowest pod is seen bound 18 s plus one
 *   write (2 ms handling + 1.6 ms etcd + 1 ms watch delay + the 5 ms fan-out of 15 watchers
 *   is after the response, not before the watch) after it was queued;
 * - V29: a LIST of 1,000,000 objects holds 10 seats for 1 ms + 1e6 × 20 µs = 20 s, so LISTs
 *   queued behind 24 of them wait past the 15 s limit and get 429 time-out;
 * - a failurePolicy Fail webhook with no endpoints rejects every pod create in its scope.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LEVEL_WORKLOAD_LOW } from "../src/apiserver/apf/priority-levels.js";
import { summaryCsv } from "../src/report/run-outputs.js";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { tempDir } from "./fixtures/temp-dir.js";

const S = 1_000_000;
const dir = tempDir("kubesim-apiserver-");

function scenario(name: string, apiServer: string, replicas: number, extra = "", duration = "2m"): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: {name: ${name}}
spec:
  duration: ${duration}
  cluster:
    nodePools:
      - {name: general, count: 20, allocatable: {cpu: "64", memory: 256Gi, pods: 110}}
  apiServer: ${apiServer}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "example/web:1.0", resources: {requests: {cpu: 10m, memory: 10Mi}}}]
${extra}`,
  );
  return file;
}

const created = (o: ReturnType<typeof runScenario>): number[] =>
  o.ledger.ids.filter((id) => o.ledger.workload[id] === "Deployment/web").map((id) => o.ledger.createdUs[id]!).sort((a, b) => a - b);

describe("client rate limits", () => {
  it("V30: 1000 creates by the ReplicaSet controller reach the server over (1000 − 30) / 20 = 48.5 s", () => {
    const o = runScenario(loadScenario(scenario("v30", "{}", 1000)));
    const t = created(o);
    expect(t).toHaveLength(1000);
    expect(t[29]! - t[0]!).toBe(0); // the burst of 30 at once
    // 970 tokens at 20/s = 48.5 s; the ReplicaSet's status update between its two syncs of 500
    // (BURST_REPLICAS) goes through the same client and takes one more token: + 50 ms.
    expect(t[999]! - t[0]!).toBe(48.55 * S);
  });

  it("V31: 1000 pending pods, binds on the scheduler's bucket (QPS 50, burst 100): the last is seen bound ≈ 18 s after t = 0", () => {
    // Bare pods of the initial state: queued at t = 0, with no create requests in the way.
    const pods = Array.from({ length: 1000 }, (_, i) => `---
apiVersion: v1
kind: Pod
metadata: {name: p-${i}}
spec:
  containers: [{name: c, image: "example/web:1.0", resources: {requests: {cpu: 10m, memory: 10Mi}}}]
`).join("");
    const o = runScenario(loadScenario(scenario("v31", "{}", 0, pods)));
    const h = o.recorder.schedulingLatency.summary(1000);
    expect(h.count).toBe(1000);
    // (1000 − 100) / 50 = 18 s of tokens, then the bind: 1 ms handling + 1.6 ms etcd commit + 1 ms
    // watch delay = 3.6 ms (the 5 ms fan-out of 15 watchers comes after the commit).
    expect(h.max).toBeCloseTo(18_003.6, 0);
    // The first 100 binds go at once: 3.6 ms each.
    expect(h.min).toBeCloseTo(3.6, 1);
  });
});

describe("API Priority and Fairness", () => {
  it("V29: LISTs of 20 s each fill workload-low; those queued past 15 s get 429 time-out, none waits longer", () => {
    const load = "{load: [{name: lister, verb: list, resource: widgets, objects: 1000000, perSecond: 5, end: 60s}]}";
    const o = runScenario(loadScenario(scenario("v29", load, 10, "", "90s")));
    const m = o.apiServer!.metrics;
    expect(m.rejectedTimeout[LEVEL_WORKLOAD_LOW]).toBeGreaterThan(0);
    expect(m.queueWaitByLevel[LEVEL_WORKLOAD_LOW]!.summary(1).max).toBeLessThanOrEqual(15 * S);
    // Every LIST that ran took 1 ms + 1,000,000 × 20 µs = 20.001 s (plus its queue wait).
    expect(m.byVerbResource.get("LIST widgets")!.summary(1).min).toBeGreaterThanOrEqual(20_001_000);
  });

  it("V28: with APF off and 1 mutating request in flight allowed, concurrent writes get 429 and retry until done", () => {
    const o = runScenario(loadScenario(scenario("v28", "{priorityAndFairness: false, maxMutatingRequestsInflight: 1}", 50)));
    expect(o.apiServer!.metrics.rejectedTotal).toBeGreaterThan(0);
    expect(o.recorder.runningPods).toBe(50);
  });

  it("is deterministic: the same scenario twice gives the same summary.csv", () => {
    const file = scenario("det", "{load: [{name: lister, verb: list, resource: pods, every: 2s}]}", 300);
    expect(summaryCsv(runScenario(loadScenario(file)))).toBe(summaryCsv(runScenario(loadScenario(file))));
  });
});

describe("admission webhooks", () => {
  const webhook = (policy: string) => `---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: policy}
webhooks:
  - name: pods.policy.example.com
    failurePolicy: ${policy}
    rules: [{operations: [CREATE], resources: [pods], apiGroups: [""], apiVersions: [v1]}]
    clientConfig: {service: {namespace: default, name: policy-webhook}}
`;

  it("failurePolicy Fail with no backend endpoints: every pod create is rejected with FailedCreate", () => {
    const o = runScenario(loadScenario(scenario("wh-fail", "{}", 5, webhook("Fail"), "30s")));
    expect(o.recorder.runningPods).toBe(0);
    expect(o.apiServer!.metrics.webhookRejections).toBeGreaterThan(0);
    const failed = o.store.events.filter((e) => e.reason === "FailedCreate");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.message).toContain('no endpoints available for service "policy-webhook"');
  });

  it("failurePolicy Ignore: the same webhook down does not stop creates", () => {
    const o = runScenario(loadScenario(scenario("wh-ignore", "{}", 5, webhook("Ignore"), "30s")));
    expect(o.recorder.runningPods).toBe(5);
    expect(o.apiServer!.metrics.webhookRejections).toBe(0);
  });
});
