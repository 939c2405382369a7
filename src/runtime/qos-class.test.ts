import { describe, expect, it } from "vitest";
import { qosClass } from "./qos-class.js";

describe("QoS class", () => {
  it("is BestEffort with no cpu or memory anywhere", () => {
    expect(qosClass({ containers: [{ name: "a" }] })).toBe("BestEffort");
  });
  it("is Guaranteed when limits equal requests (requests defaulting to limits)", () => {
    expect(qosClass({ containers: [{ name: "a", resources: { limits: { cpu: "500m", memory: "1Gi" } } }] })).toBe("Guaranteed");
    expect(qosClass({ containers: [{ name: "a", resources: { requests: { cpu: "0.5", memory: "1Gi" }, limits: { cpu: "500m", memory: "1024Mi" } } }] })).toBe("Guaranteed");
  });
  it("is Burstable when any container falls short of Guaranteed", () => {
    expect(qosClass({ containers: [{ name: "a", resources: { requests: { cpu: "100m" } } }] })).toBe("Burstable");
    expect(
      qosClass({
        containers: [
          { name: "a", resources: { limits: { cpu: "1", memory: "1Gi" } } },
          { name: "b" },
        ],
      }),
    ).toBe("Burstable");
  });
});
