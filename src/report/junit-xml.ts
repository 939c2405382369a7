/**
 * `junit.xml`: the SLO verdicts in the JUnit XML that CI test tabs read (ClusterLoader2 writes
 * its SLO checks the same way). One `<testsuite>` per run, one `<testcase>` per SLO:
 * - a failed SLO carries `<failure message="..." type="SloViolated">` with observed vs objective;
 * - a not-measured SLO is `<skipped>` (JUnit's "not run"), so it never fails a CI job;
 * - a passing SLO, or one with no data, is an empty testcase (the note goes to `system-out`).
 * No wall-clock time and no timestamp go in (`time="0"`): identical runs give identical bytes.
 * The layout follows the schema Jenkins, GitLab and GitHub test reporters accept
 * (testsuites > testsuite[name,tests,failures,errors,skipped,time] > testcase[classname,name,time]).
 */
import type { RunSummary, SloResult } from "./run-summary.js";
import { fmtObserved } from "./slo-outputs.js";

/** XML 1.0 escaping for text and attribute values; characters XML 1.0 forbids are dropped. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;");
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join("");
}

function failureMessage(r: SloResult): string {
  const obs = r.observed === null ? "no value" : `${r.stat}=${fmtObserved(r.observed, r.unit)}`;
  const when = r.firstViolationS !== null ? ` from ${r.firstViolationS}s of simulated time` : "";
  return `${r.metric}: ${obs}, objective ${r.objective}${when}`;
}

function testcase(r: SloResult, classname: string): string {
  const open = `    <testcase${attrs({ classname, name: r.name, time: 0 })}`;
  const detail = `metric=${r.metric} stat=${r.stat} objective="${r.objective}" observed=${r.observed ?? ""} unit=${r.unit} source=${r.source}`;
  switch (r.status) {
    case "fail":
      return `${open}>\n      <failure${attrs({ message: failureMessage(r), type: "SloViolated" })}>${xmlEscape(detail)}</failure>\n    </testcase>`;
    case "not_measured":
      return `${open}>\n      <skipped${attrs({ message: r.note })}/>\n    </testcase>`;
    case "no_data":
      return `${open}>\n      <system-out>${xmlEscape(`${r.note}; ${detail}`)}</system-out>\n    </testcase>`;
    default:
      return `${open}/>`;
  }
}

export function junitXml(summary: Pick<RunSummary, "scenario" | "seed" | "runId" | "kubesimVersion" | "durationSimulatedS" | "slos">): string {
  const slos = summary.slos;
  const failures = slos.filter((r) => r.status === "fail").length;
  const skipped = slos.filter((r) => r.status === "not_measured").length;
  const suite = `kubesim.${summary.scenario}`;
  const counts = { tests: slos.length, failures, errors: 0, skipped };
  const props = [
    ["kubesim.version", summary.kubesimVersion],
    ["scenario", summary.scenario],
    ["seed", String(summary.seed)],
    ["run.id", summary.runId],
    ["simulated.seconds", String(summary.durationSimulatedS)],
  ];
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attrs({ name: "kubesim", ...counts, time: 0 })}>`,
    `  <testsuite${attrs({ name: suite, ...counts, time: 0 })}>`,
    `    <properties>`,
    ...props.map(([k, v]) => `      <property${attrs({ name: k!, value: v! })}/>`),
    `    </properties>`,
    ...slos.map((r) => testcase(r, `${suite}.slo`)),
    `  </testsuite>`,
    `</testsuites>`,
  ];
  return lines.join("\n") + "\n";
}
