import { expect, test } from "vitest";
import { parseCsv } from "./csv.js";
import { CsvRecordParser, memorySource, openCsv } from "./csv-stream.js";

const TRICKY = 'time_s,reason,message\r\n1,"Failed","a, ""quoted"" word"\n2,BackOff,"two\nlines"\r3,x,\n4,"",end';

function parseInPieces(text: string, cuts: number[]): string[][] {
  const p = new CsvRecordParser();
  const out: string[][] = [];
  let at = 0;
  for (const c of [...cuts, text.length]) {
    p.push(text.slice(at, c), out);
    at = c;
  }
  p.end(out);
  return out;
}

test("records are the same as parseCsv's wherever the text is cut into pieces", () => {
  const whole = parseCsv(TRICKY);
  const want = [whole.header, ...whole.rows];
  // Every single cut point, including inside "" and between CR and LF.
  for (let c = 0; c <= TRICKY.length; c++) expect(parseInPieces(TRICKY, [c])).toEqual(want);
  expect(parseInPieces(TRICKY, Array.from({ length: TRICKY.length }, (_, i) => i))).toEqual(want);
});

test("openCsv checks the header at once and names the file of a missing column", () => {
  const src = memorySource({ "events.csv": "time_s,reason\n1,Evicted\n" });
  expect(() => openCsv(src, "events.csv", ["time_s", "message"])).toThrow(/missing column\(s\) message/);
  expect(() => openCsv(src, "pods.csv", [])).toThrow(/pods.csv not found/);
  const t = openCsv(src, "events.csv", ["reason"]);
  expect([...t.rows].map((r) => r[t.col.reason!])).toEqual(["Evicted"]);
});

test("a ragged row is an input error naming its line", () => {
  const t = openCsv(memorySource({ "x.csv": "a,b\n1,2\n3\n" }), "x.csv", ["a"]);
  expect(() => [...t.rows]).toThrow(/row 3 has 1 cells, the header has 2/);
});
