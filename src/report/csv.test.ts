import { stringify } from "csv-stringify/sync";
import seedrandom from "seedrandom";
import { describe, expect, test } from "vitest";
import { csvChunks, formatCsv, formatNumber } from "./csv.js";

describe("formatNumber", () => {
  test.each([
    [0, "0"],
    [-0, "0"],
    [42, "42"],
    [-7, "-7"],
    [Number.MAX_SAFE_INTEGER, "9007199254740991"],
  ])("integer %s prints as %s", (x, s) => {
    expect(formatNumber(x)).toBe(s);
  });

  test.each([
    [1.5, "1.5"],
    [123456.789, "123456.789"],
    [1 / 3, "0.333333"],
    [2 / 3, "0.666667"],
    [-2.25, "-2.25"],
    // 0.1 + 0.2 is 0.30000000000000004: six decimals hide the binary noise.
    [0.1 + 0.2, "0.3"],
  ])("fraction %s keeps at most 6 decimals, trailing zeros trimmed: %s", (x, s) => {
    expect(formatNumber(x)).toBe(s);
  });

  test.each([
    // Below half a millionth rounds to zero at 6 decimals, with no "-0" and no "1e-7".
    [1e-7, "0"],
    [-1e-7, "0"],
    [0.0000016, "0.000002"],
    // From 1e21 up JavaScript prints exponents; the CSV spells every digit.
    [1e21, "1000000000000000000000"],
    [-1e21, "-1000000000000000000000"],
    [2 ** 70, "1180591620717411303424"],
    [1e20, "100000000000000000000"],
  ])("%s prints without an exponent as %s", (x, s) => {
    expect(formatNumber(x)).toBe(s);
    expect(formatNumber(x)).not.toMatch(/e/i);
  });

  test("NaN is an empty cell; infinities are inf and -inf", () => {
    expect(formatNumber(Number.NaN)).toBe("");
    expect(formatNumber(Infinity)).toBe("inf");
    expect(formatNumber(-Infinity)).toBe("-inf");
  });
});

describe("formatCsv", () => {
  test("header then rows, LF endings, final newline; numbers through formatNumber", () => {
    const text = formatCsv(["time_s", "metric", "value"], [
      [0, "pending_pods", 3],
      [10.5, "pending_pods", 1 / 3],
    ]);
    expect(text).toBe("time_s,metric,value\n0,pending_pods,3\n10.5,pending_pods,0.333333\n");
  });

  test("a header with no rows is one line", () => {
    expect(formatCsv(["a", "b"], [])).toBe("a,b\n");
  });

  test("cells holding commas, quotes, LF or CR are quoted, quotes doubled", () => {
    const text = formatCsv(["message"], [["0/3 nodes are available: 3 Insufficient cpu, 1 Too many pods"], ['say "hi"'], ["line1\nline2"], ["a\rb"], ["plain"]]);
    expect(text).toBe(
      'message\n"0/3 nodes are available: 3 Insufficient cpu, 1 Too many pods"\n"say ""hi"""\n"line1\nline2"\n"a\rb"\nplain\n',
    );
  });

  test("null, undefined and NaN are empty cells; booleans and bigints print plainly", () => {
    expect(formatCsv(["a", "b", "c", "d", "e"], [[null, undefined, Number.NaN, true, 12345678901234567890n]])).toBe(
      "a,b,c,d,e\n,,,true,12345678901234567890\n",
    );
  });

  test("a row whose length differs from the header throws", () => {
    expect(() => formatCsv(["a", "b"], [[1, 2], [3]])).toThrow(/1 cells, header has 2/);
    expect(() => formatCsv(["a"], [[1, 2]])).toThrow();
  });
});

describe("csvChunks", () => {
  const header = ["t_s", "message"];
  const rows = Array.from({ length: 10 }, (_, i) => [i / 4, i % 3 === 0 ? `a, "quoted"\r${i}` : `m${i}`]);

  test("pieces of at most chunkRows records that join to exactly formatCsv's text", () => {
    const pieces = [...csvChunks(header, rows, 4)];
    // 11 records (header + 10) in pieces of 4: 4 + 4 + 3.
    expect(pieces).toHaveLength(3);
    expect(pieces[2]).toBe('1.75,m7\n2,m8\n2.25,"a, ""quoted""\r9"\n');
    expect(pieces.join("")).toBe(formatCsv(header, rows));
  });

  test("a header with no rows is one piece, the header line", () => {
    expect([...csvChunks(header, [], 4)]).toEqual(["t_s,message\n"]);
  });
});

describe("stringifyRecords' fast path for plain records", () => {
  test("writes every record byte for byte as csv-stringify does", () => {
    const rng = seedrandom("csv");
    const pieces = ["", "a", " ", "\t", "#", "'", "é", "=1", "-", "x y", "0", "1e5", ",", '"', "\n", "\r", ";", "\\"];
    const rows: string[][] = [];
    for (let i = 0; i < 3000; i++) {
      rows.push(Array.from({ length: 3 }, () => Array.from({ length: Math.floor(rng() * 3) }, () => pieces[Math.floor(rng() * pieces.length)]).join("")));
    }
    const expected = stringify([["a", "b", "c"], ...rows], { record_delimiter: "unix", quoted_match: /\r/ });
    expect(formatCsv(["a", "b", "c"], rows)).toBe(expected);
  });

  test("quoted fields stay exact past the number of fields it remembers (4,096) and past its length bound", () => {
    // 5,000 distinct fields needing quotes, then the first ones again after the memo restarted.
    const rows = Array.from({ length: 9000 }, (_, i) => [`x${i}`, `a,"${i % 5000}"`, i % 7 === 0 ? "b\rc" : i % 11 === 0 ? `long,${"z".repeat(600 + (i % 3))}` : ""]);
    const expected = stringify([["id", "v", "w"], ...rows], { record_delimiter: "unix", quoted_match: /\r/ });
    expect(formatCsv(["id", "v", "w"], rows)).toBe(expected);
  });
});
