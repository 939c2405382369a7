/**
 * Writes the resource-dynamics scale check of issue 6 (and, with `--dns`, issue 7's): 1,000
 * nodes (m6i.4xlarge), 100 Deployments × 300 replicas with diurnal traffic on every one, one
 * simulated hour. Run it with `kubesim run` and time it:
 *
 *   npx tsc -p tsconfig.json && node dist/bench/traffic-scale.js   # writes results/bench/traffic-scale/
 *   /usr/bin/time -v node dist/src/cli/main.js run results/bench/traffic-scale/scenario.yaml --no-report
 *
 * It is generated, not committed, because its 100 manifests are the same few lines each.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function writeTrafficScaleScenario(dir: string, opts: { dns?: boolean } = {}): string {
  mkdirSync(join(dir, "apps"), { recursive: true });
  const traffic: string[] = [];
  for (let i = 0; i < 100; i++) {
    const name = `svc-${i}`;
    writeFileSync(
      join(dir, "apps", `${name}.yaml`),
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: default}
spec:
  replicas: 300
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: app
          image: example/${name}:1.0
          resources: {requests: {cpu: 400m, memory: 512Mi}, limits: {cpu: "1", memory: 1Gi}}
`,
    );
    traffic.push(`    - target: deployment/default/${name}
      rate: {profile: diurnal, rps: ${300 + 10 * i}, amplitude: 0.5, period: 1h, peakAt: ${(i % 60) + 1}m}
      cpuPerRequest: {distribution: lognormal, mean: 20ms, cv: 1.5}
      threads: 4
      memory: {base: 300Mi, perInFlight: 2Mi}`);
  }
  const file = join(dir, "scenario.yaml");
  writeFileSync(
    file,
    `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: {name: traffic-scale}
spec:
  seed: 1
  duration: 1h
  cluster:
    nodePools:
      - {name: general, count: 1000, instanceType: m6i.4xlarge, zones: [us-east-1a, us-east-1b, us-east-1c]}
  workloads:
    - manifests: [${Array.from({ length: 100 }, (_, i) => `apps/svc-${i}.yaml`).join(", ")}]
  traffic:
${traffic.join("\n")}
`,
  );
  return file;
}

if (process.argv[1]?.endsWith("traffic-scale.js")) {
  console.log(writeTrafficScaleScenario(process.argv[2] ?? "results/bench/traffic-scale"));
}
