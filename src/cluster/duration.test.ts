import { describe, expect, test } from "vitest";
import { DurationError, parseDuration } from "./duration.js";

describe("Go durations in microseconds", () => {
  test.each<[string | number, number]>([
    ["300ms", 300_000],
    ["1.5h", 5_400_000_000], // 1.5 * 3600 s
    ["2h45m", 9_900_000_000], // 7200 s + 2700 s
    ["10s", 10_000_000],
    ["1us", 1],
    ["1\u00b5s", 1], // µ micro sign
    ["1\u03bcs", 1], // μ greek mu
    ["0", 0],
    ["+0", 0],
    ["-0", 0],
    ["0s", 0],
    ["1.5ms", 1_500],
    ["0.1s", 100_000], // exact, no float drift
    [".5s", 500_000],
    ["1.s", 1_000_000], // Go accepts a trailing point
    ["-1.5h", -5_400_000_000],
    ["1h2m3s4ms5us6ns", 3_723_004_005], // 3723 s + 4000 µs + 5 µs; 6 ns rounds away
    ["2000000h", 7_200_000_000_000_000], // 7.2e18 ns, inside int64 and 2^53 µs
  ])("%j → %i µs", (input, micros) => {
    expect(parseDuration(input)).toBe(micros);
  });

  test.each<[string, number]>([
    ["1ns", 0],
    ["499ns", 0],
    ["500ns", 1], // half a microsecond rounds away from zero
    ["1500ns", 2],
    ["-500ns", -1],
  ])("sub-microsecond %j rounds to %i", (input, micros) => {
    expect(parseDuration(input)).toBe(micros);
  });
});

describe("plain numbers are seconds", () => {
  test.each<[string | number, number]>([
    [30, 30_000_000],
    [0.5, 500_000],
    [0, 0],
    ["30", 30_000_000],
    ["0.25", 250_000],
    [1.5e-6, 2], // 1.5 µs, rounded away from zero
    [1e-7, 0], // 0.1 µs
    [-2, -2_000_000],
  ])("%j → %i µs", (input, micros) => {
    expect(parseDuration(input)).toBe(micros);
  });
});

describe("rejected durations", () => {
  // 2562048h overflows int64 ns; 2562047h fits int64 ns (9.2233692e18) but not 2^53 µs.
  test.each(["", "h", "1x", "1 s", "1h-5m", ".s", "1.5.5s", "--1s", "-", "1hh", "1S", "s1", "2562048h", "2562047h"])(
    "%j",
    (input) => {
      expect(() => parseDuration(input)).toThrow(DurationError);
    },
  );

  test("non-finite numbers", () => {
    expect(() => parseDuration(Number.NaN)).toThrow(DurationError);
    expect(() => parseDuration(Number.POSITIVE_INFINITY)).toThrow(DurationError);
  });

  test("the error carries the input", () => {
    try {
      parseDuration("5 min");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DurationError);
      expect((e as DurationError).input).toBe("5 min");
    }
  });
});
