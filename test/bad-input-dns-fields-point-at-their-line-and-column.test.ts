/**
 * Mistakes in `spec.dns` and `spec.traffic[].dns` are refused at load time with their code,
 * key path and position (1-based, counted by hand below).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import type { InputErrorDetail } from "../src/errors.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { inputErrorOf } from "./fixtures/input-error-of.js";
import { tempDir } from "./fixtures/temp-dir.js";

const HEAD = [
  "apiVersion: kubesim.io/v1alpha1", // 1
  "kind: Scenario",
  "metadata: {name: t}",
  "spec:",
  "  duration: 1m", // 5
  "  workloads:",
  "    - object: {apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 1, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}}}",
  "  traffic:",
  "    - target: deployment/web", // 9
  "      rate: {profile: constant, rps: 10}",
  "      cpuPerRequest: {mean: 1ms}",
];

const dir = tempDir("kubesim-bad-dns-");

function errorsOf(lines: string[]): Omit<InputErrorDetail, "message" | "file">[] {
  const f = join(mkdtempSync(join(dir, "c")), "s.yaml");
  writeFileSync(f, [...HEAD, ...lines, ""].join("\n"));
  return inputErrorOf(() => loadScenario(f)).details.map(({ message: _m, file: _f, ...d }) => d);
}

test.each([
  {
    what: "lookups without spec.dns",
    lines: ["      dns: {lookups: [{name: api.example.com, perRequest: 1}]}"],
    // line 12, the key "dns" at column 7.
    want: { code: "MISSING_FIELD", path: "spec.traffic[0].dns", line: 12, column: 7 },
  },
  {
    what: "a misspelt key in spec.dns",
    lines: ["      dns: {lookups: [{name: x, perRequest: 1}]}", "  dns: {coreDNS: {replica: 3}}"],
    // line 13: "  dns: {coreDNS: {" is 18 characters: the key at column 19.
    want: { code: "UNKNOWN_FIELD", path: "spec.dns.coreDNS.replica", line: 13, column: 19 },
  },
  {
    what: "an absurd replica count",
    lines: ["  dns: {coreDNS: {replicas: 100000000}}"],
    // line 12: "  dns: {coreDNS: {replicas: " is 28 characters: column 29.
    want: { code: "RESOURCE_EXHAUSTION", path: "spec.dns.coreDNS.replicas", line: 12, column: 29 },
  },
  {
    what: "a name that is not a DNS name",
    lines: ["      dns: {lookups: [{name: 'api example.com', perRequest: 1}]}", "  dns: {}"],
    // line 12: "      dns: {lookups: [{name: " is 29 characters: column 30.
    want: { code: "INVALID_VALUE", path: "spec.traffic[0].dns.lookups[0].name", line: 12, column: 30 },
  },
  {
    what: "a lookup that never happens",
    lines: ["      dns: {lookups: [{name: cart}]}", "  dns: {}"],
    // line 12: "      dns: {lookups: [" is 22 characters: the entry at column 23.
    want: { code: "MISSING_FIELD", path: "spec.traffic[0].dns.lookups[0]", line: 12, column: 23 },
  },
  {
    what: "a bad duration",
    lines: ["  dns: {upstream: {latency: 10 ms}}"],
    // line 12: "  dns: {upstream: {latency: " is 28 characters: column 29.
    want: { code: "INVALID_VALUE", path: "spec.dns.upstream.latency", line: 12, column: 29 },
  },
])("$what", ({ lines, want }) => {
  expect(errorsOf(lines)).toContainEqual(want);
});
