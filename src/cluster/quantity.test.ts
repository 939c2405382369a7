import { describe, expect, test } from "vitest";
import {
  QuantityError,
  formatBytes,
  formatMillicores,
  parseBytes,
  parseCpuMillicores,
  parseQuantity,
  quantityToInt,
  quantityToMilli,
  resourceValue,
} from "./quantity.js";

describe("CPU quantities in millicores", () => {
  // Expected values: number * suffix * 1000, rounded up (MilliValue).
  test.each<[string | number, number]>([
    ["4", 4_000], // plain number = cores
    ["4000", 4_000_000], // still cores, not millicores
    ["500m", 500],
    ["0.1", 100], // exact: 1 * 10^-1 cores, no float drift
    ["1.5", 1_500],
    [".5", 500],
    ["5.", 5_000],
    ["0", 0],
    ["2e-3", 2], // 2 * 10^-3 cores
    ["1e3", 1_000_000],
    ["1E2", 100_000],
    ["1e+2", 100_000],
    ["+1", 1_000],
    ["1k", 1_000_000],
    ["1u", 1], // 10^-6 cores = 0.001m, rounded up to 1m
    ["0.1n", 1], // rounded up to 1n at parse time, then up to 1m
    ["1.0001m", 2], // 1.0001m rounds up, never down
    [4, 4_000], // YAML number
    [0.5, 500], // YAML number
    [0.1, 100],
  ])("%j → %i", (input, millicores) => {
    expect(parseCpuMillicores(input)).toBe(millicores);
    expect(resourceValue("cpu", input)).toBe(millicores);
  });
});

describe("byte quantities", () => {
  test.each<[string | number, number]>([
    ["1.5Gi", 1_610_612_736], // 1.5 * 2^30
    ["128974848", 128_974_848],
    ["129M", 129_000_000], // decimal SI: 129 * 10^6
    ["123Mi", 128_974_848], // 123 * 2^20: same bytes as the plain number above
    ["100Ki", 102_400],
    ["1e3", 1_000],
    ["0.5", 1], // Value() rounds up: half a byte is a byte
    ["1m", 1], // a thousandth of a byte is still a byte
    ["1Ti", 1_099_511_627_776], // 2^40
    [1024, 1024],
  ])("%j → %i", (input, bytes) => {
    expect(parseBytes(input)).toBe(bytes);
    expect(resourceValue("memory", input)).toBe(bytes);
  });
});

describe("resourceValue's memo by quantity string", () => {
  test("the same string is millicores for cpu and an integer for every other resource, asked in either order", () => {
    expect(resourceValue("memory", "2")).toBe(2);
    expect(resourceValue("cpu", "2")).toBe(2000);
    expect(resourceValue("memory", "2")).toBe(2);
    expect(resourceValue("nvidia.com/gpu", "2")).toBe(2);
    expect(resourceValue("cpu", "2")).toBe(2000);
  });

  test("past 4,096 distinct strings it starts over and still answers exactly; a bad string still throws every time", () => {
    for (let i = 1; i <= 5000; i++) expect(resourceValue("memory", `${i}Ki`)).toBe(i * 1024);
    expect(resourceValue("memory", "1Ki")).toBe(1024);
    for (let k = 0; k < 2; k++) expect(() => resourceValue("cpu", "1 Gi")).toThrow(QuantityError);
  });
});

describe("rejected quantities", () => {
  test.each(["", "Gi", "1.5.5", "1 Gi", "1gi", "e3", "1e", "--1", "1Kb", " 1", "1 ", "1i", "0.1mi", "1e3.5", "."])(
    "%j",
    (input) => {
      expect(() => parseQuantity(input)).toThrow(QuantityError);
    },
  );

  test("the error carries the input", () => {
    try {
      parseQuantity("1Kb");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(QuantityError);
      expect((e as QuantityError).input).toBe("1Kb");
    }
  });

  test("non-finite numbers", () => {
    expect(() => parseQuantity(Number.NaN)).toThrow(QuantityError);
    expect(() => parseQuantity(Number.POSITIVE_INFINITY)).toThrow(QuantityError);
  });

  test("decimal values beyond int64 are rejected, binary ones capped like Kubernetes", () => {
    expect(() => parseQuantity("1e19")).toThrow(QuantityError); // > 2^63-1 ≈ 9.22e18
    expect(() => parseQuantity("1e999999")).toThrow(QuantityError);
    // 8Ei = 2^63, one past int64: capped at 2^63-1.
    expect(parseQuantity("8Ei").nanos).toBe(((1n << 63n) - 1n) * 1_000_000_000n);
  });

  test("a tiny exponent rounds up to one nano-unit without building huge numbers", () => {
    expect(parseQuantity("1e-999999").nanos).toBe(1n);
  });

  test("values past 2^53 units cannot be simulated exactly", () => {
    expect(() => parseBytes("1Ei")).toThrow(QuantityError); // 2^60 bytes
    expect(() => parseBytes("8Pi")).toThrow(QuantityError); // 2^53: one past the last exact integer
    expect(parseBytes("9007199254740991")).toBe(2 ** 53 - 1);
  });
});

describe("exact representation", () => {
  test("nano-units, rounded up at parse time", () => {
    expect(parseQuantity("0.1").nanos).toBe(100_000_000n);
    expect(parseQuantity("1.0001m").nanos).toBe(1_000_100n);
    expect(parseQuantity("1.5Gi").nanos).toBe(1_610_612_736_000_000_000n);
    expect(parseQuantity("0.0000000001").nanos).toBe(1n); // 0.1n rounds up to 1n
  });

  test("negative quantities parse and round away from zero", () => {
    // Kubernetes accepts them; request validation rejects them elsewhere.
    const q = parseQuantity("-1.5");
    expect(q.nanos).toBe(-1_500_000_000n);
    expect(quantityToInt(q)).toBe(-2);
    expect(quantityToMilli(parseQuantity("-1.0001m"))).toBe(-2);
  });

  test("format follows the suffix family", () => {
    expect(parseQuantity("1Gi").format).toBe("BinarySI");
    expect(parseQuantity("0.5Ki").format).toBe("BinarySI"); // 512: at least 1
    expect(parseQuantity("0.0001Ki").format).toBe("DecimalSI"); // 0.1024: below 1
    expect(parseQuantity("1e3").format).toBe("DecimalExponent");
    expect(parseQuantity("500m").format).toBe("DecimalSI");
  });
});

describe("human formatting", () => {
  test.each<[number, string]>([
    [1500, "1.5"],
    [2000, "2"],
    [1005, "1.005"],
    [250, "250m"],
    [0, "0m"],
    [-1500, "-1.5"],
  ])("millicores %i → %s", (m, text) => {
    expect(formatMillicores(m)).toBe(text);
  });

  test.each<[number, string]>([
    [1_610_612_736, "1.5Gi"],
    [512, "512"],
    [1024, "1Ki"],
    [129_000_000, "123.02Mi"], // 129e6 / 2^20 = 123.0239...
    [1_073_741_823, "1Gi"], // 1023.999999Mi would print as 1024Mi
  ])("bytes %i → %s", (b, text) => {
    expect(formatBytes(b)).toBe(text);
  });
});
