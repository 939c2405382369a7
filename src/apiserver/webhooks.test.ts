import { describe, expect, test } from "vitest";
import { callWebhook, inScope, webhooksOf } from "./webhooks.js";

const config = (failurePolicy: string, namespaceSelector?: object) =>
  webhooksOf({
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name: "policy" },
    webhooks: [{ name: "pods.policy.example.com", failurePolicy, timeoutSeconds: 5, rules: [{ operations: ["CREATE"], resources: ["pods"] }], clientConfig: { service: { namespace: "policy", name: "policy-webhook" } }, ...(namespaceSelector ? { namespaceSelector } : {}) }],
  } as never)[0]!;

describe("admission webhooks", () => {
  test("scope: rules by operation and resource; subresources only when named", () => {
    const w = config("Fail");
    expect(inScope(w, "CREATE", "pods", "shop", {})).toBe(true);
    expect(inScope(w, "UPDATE", "pods", "shop", {})).toBe(false);
    expect(inScope(w, "CREATE", "pods/binding", "shop", {})).toBe(false);
    expect(inScope(w, "CREATE", "deployments", "shop", {})).toBe(false);
  });

  test("namespaceSelector sees the namespace's labels and kubernetes.io/metadata.name", () => {
    const w = config("Fail", { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["policy", "kube-system"] }] });
    expect(inScope(w, "CREATE", "pods", "shop", {})).toBe(true);
    expect(inScope(w, "CREATE", "pods", "policy", {})).toBe(false);
  });

  test("a working backend: the webhook's latency, admitted", () => {
    expect(callWebhook(config("Fail"), 2, 2, 20_000)).toEqual({ us: 20_000, rejected: false, error: "" });
  });

  test("no endpoints: fails at once; Fail rejects, Ignore admits", () => {
    const fail = callWebhook(config("Fail"), 0, 0, 20_000);
    expect(fail.us).toBe(0);
    expect(fail.rejected).toBe(true);
    expect(fail.error).toContain('no endpoints available for service "policy-webhook"');
    expect(callWebhook(config("Ignore"), 0, 0, 20_000).rejected).toBe(false);
  });

  test("endpoints only on dead nodes: the call times out after timeoutSeconds (5 s)", () => {
    const r = callWebhook(config("Fail"), 1, 0, 20_000);
    expect(r.us).toBe(5_000_000);
    expect(r.rejected).toBe(true);
    expect(r.error).toContain("context deadline exceeded");
  });
});
