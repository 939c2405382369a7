/**
 * The CoreDNS Deployment kubesim adds when a scenario sets `spec.dns`: kubeadm's
 * (cmd/kubeadm/app/phases/addons/dns/manifests.go, v1.34) — `kube-system/coredns`, label
 * `k8s-app: kube-dns`, priorityClassName system-cluster-critical, maxUnavailable 1, requests
 * 100m CPU / 70Mi, memory limit 170Mi, a preferred anti-affinity that spreads replicas over
 * nodes. It is scheduled like any pod, so a failed node or an eviction takes capacity away.
 * A scenario that brings its own `kube-system/coredns` Deployment keeps it.
 */
import type { KubeObject } from "../cluster/k8s-types.js";

export const COREDNS_NAMESPACE = "kube-system";
export const COREDNS_NAME = "coredns";
/** The Service and pods keep the kube-dns label for compatibility (kubeadm). */
export const KUBE_DNS_LABEL = "kube-dns";

export function corednsDeployment(replicas: number): KubeObject {
  const labels = { "k8s-app": KUBE_DNS_LABEL };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: COREDNS_NAME, namespace: COREDNS_NAMESPACE, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: "system-cluster-critical",
          tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }, { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }],
          nodeSelector: { "kubernetes.io/os": "linux" },
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: [KUBE_DNS_LABEL] }] }, topologyKey: "kubernetes.io/hostname" } },
              ],
            },
          },
          dnsPolicy: "Default",
          containers: [
            {
              name: "coredns",
              image: "registry.k8s.io/coredns/coredns:v1.11.3",
              resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
            },
          ],
        },
      },
    },
  } as KubeObject;
}

export const NODE_LOCAL_DNS_NAME = "node-local-dns";

/**
 * NodeLocal DNSCache's DaemonSet (cluster/addons/dns/nodelocaldns/nodelocaldns.yaml):
 * `kube-system/node-local-dns`, host network, priorityClassName system-node-critical,
 * requests 25m CPU / 5Mi, tolerating every taint, so that it runs on every node.
 */
export function nodeLocalDnsDaemonSet(): KubeObject {
  const labels = { "k8s-app": NODE_LOCAL_DNS_NAME };
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: NODE_LOCAL_DNS_NAME, namespace: COREDNS_NAMESPACE, labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "10%" } },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: "system-node-critical",
          hostNetwork: true,
          dnsPolicy: "Default",
          tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }, { effect: "NoExecute", operator: "Exists" }, { effect: "NoSchedule", operator: "Exists" }],
          nodeSelector: { "kubernetes.io/os": "linux" },
          containers: [{ name: "node-cache", image: "registry.k8s.io/dns/k8s-dns-node-cache:1.23.1", resources: { requests: { cpu: "25m", memory: "5Mi" } } }],
        },
      },
    },
  } as KubeObject;
}
