import { expect, test } from "vitest";
import { fmtBytes, fmtClock, fmtMs, fmtNum, htmlPage, prettyObjective, shellCommand, table } from "./page.js";

test("numbers are formatted without the locale: fixed decimals, thin-space thousands from 10 000", () => {
  expect(fmtNum(150000, 1)).toBe("150\u2009000");
  expect(fmtNum(-12345.678)).toBe("-12\u2009345.68");
  expect(fmtNum(9999.5, 1)).toBe("9999.5");
  expect(fmtNum(-0.001)).toBe("0");
  expect(fmtNum(NaN)).toBe("–");
});

test.each([
  [0.44, "0.4ms"], [41.2, "41ms"], [1000, "1.00s"], [2310, "2.31s"], [125_000, "2m5s"],
])("fmtMs(%d) = %s", (ms, want) => expect(fmtMs(ms)).toBe(want));

test("bytes in binary units, simulated time as a clock", () => {
  expect(fmtBytes(15569256448)).toBe("14.5Gi"); // 14848 Mi
  expect(fmtBytes(512 * 1024 ** 2)).toBe("512Mi");
  expect(fmtClock(590)).toBe("9m50s");
  expect(fmtClock(0)).toBe("0s");
});

test("objectives read with ≤ and ≥", () => {
  expect(prettyObjective("max <= 0 for 2m")).toBe("max ≤ 0 for 2m");
  expect(prettyObjective("min >= 5")).toBe("min ≥ 5");
});

test("the reproduce command quotes what a POSIX shell would expand or split", () => {
  expect(shellCommand(["kubesim", "run", "scenarios/quickstart.yaml", "--seed", "42"])).toBe("kubesim run scenarios/quickstart.yaml --seed 42");
  expect(shellCommand(["--set", "spec.cluster.nodePools[0].count=4", "a b", "it's"])).toBe(`--set 'spec.cluster.nodePools[0].count=4' 'a b' 'it'\\''s'`);
});

test("tables escape text cells and right-align numeric columns", () => {
  expect(table(["name", "n"], [["<b>", 3]], { numeric: [1] })).toBe(
    '<table><thead><tr><th scope="col">name</th><th scope="col" class="n">n</th></tr></thead>\n<tbody>\n<tr><td>&lt;b&gt;</td><td class="n">3</td></tr>\n</tbody></table>',
  );
});

test("the page declares its language, charset and a policy that forbids loading anything", () => {
  const page = htmlPage("a <title>", "<p>x</p>");
  expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
  expect(page).toContain("<title>a &lt;title&gt;</title>");
  expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
});
