/**
 * Image pull decisions: the defaulted `imagePullPolicy` (pkg/apis/core/v1/defaults.go
 * `SetDefaults_Container`: `Always` when the tag is `latest` or absent and no digest is given,
 * else `IfNotPresent`) and the size of an image (scenario `kubelet.imageSizes`, then the node's
 * `status.images`, then the scenario default).
 */
import type { Container } from "../cluster/k8s-types.js";

export type PullPolicy = "Always" | "IfNotPresent" | "Never";

/** The tag of an image reference, "" when none (a `:` after the last `/` starts the tag). */
export function imageTag(image: string): string {
  if (image.includes("@")) return "@digest";
  const slash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  return colon > slash ? image.slice(colon + 1) : "";
}

export function pullPolicyOf(c: Container): PullPolicy {
  const p = c.imagePullPolicy;
  if (p === "Always" || p === "IfNotPresent" || p === "Never") return p;
  const tag = imageTag(c.image ?? "");
  return tag === "" || tag === "latest" ? "Always" : "IfNotPresent";
}

/** Pull time of `sizeBytes` at `bytesPerSec` plus the registry round trip, in integer µs. */
export function pullDurationUs(sizeBytes: number, bytesPerSec: number, latencyUs: number): number {
  return latencyUs + Math.ceil((sizeBytes / bytesPerSec) * 1e6);
}

/**
 * The registry host an image is pulled from, as the container runtime resolves a reference
 * (github.com/distribution/reference `ParseNormalizedNamed`): the first path component when it
 * looks like a host (has a `.` or a `:`, or is `localhost`), else Docker Hub, `docker.io`
 * (`index.docker.io` and `registry-1.docker.io` are the same registry).
 */
export function registryHost(image: string): string {
  const slash = image.indexOf("/");
  if (slash < 0) return "docker.io";
  const first = image.slice(0, slash);
  if (!first.includes(".") && !first.includes(":") && first !== "localhost") return "docker.io";
  return normalizeRegistryHost(first);
}

export function normalizeRegistryHost(host: string): string {
  return host === "index.docker.io" || host === "registry-1.docker.io" ? "docker.io" : host;
}
