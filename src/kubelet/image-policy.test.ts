import { describe, expect, it } from "vitest";
import { imageTag, pullDurationUs, pullPolicyOf, registryHost } from "./image-policy.js";

describe("image pull policy defaulting", () => {
  it("is Always for :latest or no tag, IfNotPresent for any other tag or a digest", () => {
    expect(pullPolicyOf({ name: "a", image: "nginx" })).toBe("Always");
    expect(pullPolicyOf({ name: "a", image: "nginx:latest" })).toBe("Always");
    expect(pullPolicyOf({ name: "a", image: "registry:5000/team/app" })).toBe("Always");
    expect(pullPolicyOf({ name: "a", image: "registry:5000/team/app:1.2" })).toBe("IfNotPresent");
    expect(pullPolicyOf({ name: "a", image: "app@sha256:abc" })).toBe("IfNotPresent");
    expect(pullPolicyOf({ name: "a", image: "nginx", imagePullPolicy: "Never" })).toBe("Never");
    expect(imageTag("registry:5000/app")).toBe("");
  });

  it("takes size / bandwidth plus the round trip", () => {
    // 100 MiB at 50 MiB/s = 2 s, plus 300 ms.
    expect(pullDurationUs(100 * 2 ** 20, 50 * 2 ** 20, 300_000)).toBe(2_300_000);
  });
});

describe("registry host of an image", () => {
  it.each([
    ["nginx", "docker.io"],
    ["nginx:latest", "docker.io"],
    ["library/nginx:1.27", "docker.io"],
    ["index.docker.io/library/nginx", "docker.io"],
    ["registry.example.com/shop/web:1.4.0", "registry.example.com"],
    ["localhost/app", "localhost"],
    ["registry:5000/team/app", "registry:5000"],
    ["gcr.io/google-samples/microservices-demo/frontend:v0.10.0", "gcr.io"],
  ])("%s is pulled from %s", (image, host) => {
    expect(registryHost(image)).toBe(host);
  });
});
