/**
 * Reads kubesim's CSV files record by record, so that a results folder of a 150,000-pod run
 * (events.csv of a million rows) is summarised without holding a file in memory. Same syntax
 * as `parseCsv` (RFC 4180: quoted fields may hold commas, doubled quotes, CR and LF).
 *
 *     const t = openCsv(source, "events.csv", ["time_s", "reason"]);
 *     for (const r of t.rows) count(r[t.col.reason!]);
 */
import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { inputError } from "../errors.js";

const [QUOTE, COMMA, LF, CR] = [34, 44, 10, 13];
const SPECIAL = /[",\n\r]/g;

/** Incremental RFC 4180 parser: feed text in any pieces, collect complete records. */
export class CsvRecordParser {
  private field = "";
  private record: string[] = [];
  private quoted = false;
  /** The previous piece ended on a quote inside a quoted field: `""` or the closing quote. */
  private pendingQuote = false;
  private afterCr = false;

  push(text: string, out: string[][]): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.afterCr) {
        this.afterCr = false;
        if (text.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      if (this.pendingQuote) {
        this.pendingQuote = false;
        if (text.charCodeAt(i) === QUOTE) {
          this.field += '"';
          i++;
          continue;
        }
        this.quoted = false;
      }
      if (this.quoted) {
        // Inside quotes only a quote matters: copy up to it in one slice.
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.field += text.slice(i);
          return;
        }
        this.field += text.slice(i, q);
        this.pendingQuote = true;
        i = q + 1;
        continue;
      }
      // Unquoted: jump to the next comma, quote or line break (most cells have none of them).
      SPECIAL.lastIndex = i;
      const m = SPECIAL.exec(text);
      const j = m === null ? n : m.index;
      if (j > i) this.field += text.slice(i, j);
      if (m === null) return;
      const c = text.charCodeAt(j);
      i = j + 1;
      if (c === QUOTE) {
        if (this.field === "") this.quoted = true;
        else this.field += '"';
      } else if (c === COMMA) {
        this.record.push(this.field);
        this.field = "";
      } else {
        this.afterCr = c === CR;
        this.record.push(this.field);
        out.push(this.record);
        this.record = [];
        this.field = "";
      }
    }
  }

  end(out: string[][]): void {
    if (this.field !== "" || this.record.length > 0) {
      this.record.push(this.field);
      out.push(this.record);
    }
    this.field = "";
    this.record = [];
  }
}

/** Where report inputs come from: a results folder on disk, or texts in memory (tests). */
export interface ResultsSource {
  /** Whole text of a small file (JSON), or undefined when absent. */
  text(name: string): string | undefined;
  /** The file's text in pieces, or undefined when absent. */
  pieces(name: string): Iterable<string> | undefined;
}

/** Bytes read per piece. */
const PIECE_BYTES = 1 << 20;

export function folderSource(dir: string): ResultsSource {
  const path = (name: string) => `${dir}/${name}`;
  return {
    text(name) {
      const p = this.pieces(name);
      if (!p) return undefined;
      let s = "";
      for (const x of p) s += x;
      return s;
    },
    pieces(name) {
      let fd: number;
      try {
        fd = openSync(path(name), "r");
      } catch {
        return undefined;
      }
      closeSync(fd);
      return {
        *[Symbol.iterator]() {
          const fd = openSync(path(name), "r");
          const buf = Buffer.allocUnsafe(PIECE_BYTES);
          const dec = new StringDecoder("utf8");
          try {
            for (;;) {
              const n = readSync(fd, buf, 0, PIECE_BYTES, null);
              if (n === 0) break;
              yield dec.write(buf.subarray(0, n));
            }
            const tail = dec.end();
            if (tail) yield tail;
          } finally {
            closeSync(fd);
          }
        },
      };
    },
  };
}

export function memorySource(files: Readonly<Record<string, string>>): ResultsSource {
  return {
    text: (name) => files[name],
    pieces: (name) => (files[name] === undefined ? undefined : [files[name]!]),
  };
}

export interface CsvTable {
  /** Column name → index. */
  col: Record<string, number>;
  rows: Iterable<string[]>;
}

/**
 * Opens a CSV of the folder: the header is read at once (a missing file or column is an
 * InputError naming the file, exit 2), the rows as they are iterated (a ragged row too).
 */
export function openCsv(src: ResultsSource, file: string, need: readonly string[]): CsvTable {
  const pieces = src.pieces(file);
  if (!pieces) throw inputError("FILE_UNREADABLE", "", `${file} not found; is this a kubesim results folder (kubesim run)?`, { file });
  const it = records(pieces);
  const first = it.next();
  const header = first.done ? [] : first.value;
  const missing = need.filter((c) => !header.includes(c));
  if (missing.length > 0) throw inputError("FILE_UNREADABLE", "", `missing column(s) ${missing.join(", ")}; not a CSV written by this kubesim version`, { file });
  const col: Record<string, number> = {};
  header.forEach((h, i) => (col[h] = i));
  let used = false;
  return {
    col,
    rows: {
      [Symbol.iterator]: () => {
        if (used) throw new Error(`${file}: rows can be read once`);
        used = true;
        return checked(it, header.length, file);
      },
    },
  };
}

function* records(pieces: Iterable<string>): Generator<string[]> {
  const p = new CsvRecordParser();
  const out: string[][] = [];
  for (const piece of pieces) {
    p.push(piece, out);
    yield* out;
    out.length = 0;
  }
  p.end(out);
  yield* out;
}

function* checked(it: Iterator<string[]>, width: number, file: string): Generator<string[]> {
  let line = 1;
  for (let r = it.next(); !r.done; r = it.next()) {
    line++;
    if (r.value.length !== width) throw inputError("FILE_UNREADABLE", "", `row ${line} has ${r.value.length} cells, the header has ${width}`, { file });
    yield r.value;
  }
}
