/**
 * CSV rendering for every file kubesim writes.
 *
 * Tidy rows, snake_case headers with the unit in the name (`latency_ms`), and one number
 * format everywhere: integers as integers, other numbers fixed to 6 decimals with trailing
 * zeros trimmed, never locale formatting, never exponents. The same data always gives the
 * same bytes, which the determinism tests rely on.
 */
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | boolean | bigint | null | undefined;

/** Decimal places kept for non-integer numbers. */
export const CSV_DECIMALS = 6;

/** Formats one number the way every kubesim CSV does (see the module comment). */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Number.isInteger(x)) {
    if (x === 0) return "0";
    // From 1e21 up, String() and toFixed() both switch to exponent form; every double that
    // large is an integer, and BigInt prints its exact digits.
    return Math.abs(x) < 1e21 ? String(x) : BigInt(x).toString();
  }
  let s = x.toFixed(CSV_DECIMALS);
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s === "-0" ? "0" : s;
}

function formatCell(v: CsvCell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "boolean") return v ? "true" : "false";
  return v;
}

/** Renders a header and rows to CSV text (LF line endings, final newline). */
export function formatCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  let out = "";
  for (const chunk of csvChunks(header, rows)) out += chunk;
  return out;
}

/** Rows per chunk of `csvChunks`: large enough to amortise csv-stringify, small in memory. */
export const CSV_CHUNK_ROWS = 4096;

/**
 * The CSV text of `formatCsv` in pieces of at most `chunkRows` records, so a file of a million
 * rows (events.csv at 5,000 nodes) is written without ever holding all of it in memory. The
 * concatenated chunks are exactly `formatCsv`'s text: every record ends with LF.
 */
export function* csvChunks(header: readonly string[], rows: Iterable<readonly CsvCell[]>, chunkRows = CSV_CHUNK_ROWS): Generator<string> {
  let records: string[][] = [header.slice()];
  for (const row of rows) {
    if (row.length !== header.length) {
      throw new Error(`CSV row has ${row.length} cells, header has ${header.length}`);
    }
    records.push(row.map(formatCell));
    if (records.length >= chunkRows) {
      yield stringifyRecords(records);
      records = [];
    }
  }
  if (records.length > 0) yield stringifyRecords(records);
}

/** A field csv-stringify would quote (see `stringifyRecords`). */
const NEEDS_QUOTES = /[",\n\r]/;

function stringifyRecords(records: string[][]): string {
  // csv-stringify writes a record as its fields, each quoted or not on its own, joined by
  // commas; fields needing no quotes stay as they are. So that is done here directly, and
  // csv-stringify only renders the fields that need quotes (quotedField): its per-record cost
  // was ~8 % of a 150,000-pod run, and ~16 µs for a pods.csv row.
  let out = "";
  for (const r of records) {
    let plain = true;
    for (const f of r) {
      if (NEEDS_QUOTES.test(f)) {
        plain = false;
        break;
      }
    }
    out += (plain ? r.join(",") : r.map((f) => (NEEDS_QUOTES.test(f) ? quotedField(f) : f)).join(",")) + "\n";
  }
  return out;
}

/** Fields remembered by quotedField at most; then it starts afresh. */
const MAX_QUOTED_FIELDS = 4096;
/** Longer fields are not remembered (the memo stays small whatever a run writes). */
const MAX_REMEMBERED_LENGTH = 512;
const quotedFields = new Map<string, string>();

/**
 * csv-stringify's text for one field that needs quotes, remembered: such fields repeat (a
 * Deployment's labels on each of its pods, an image's "Pulling image" message), and a call
 * costs ~3 µs. csv-stringify quotes fields holding a comma, quote or LF, but not a lone CR,
 * which RFC 4180 readers also treat as a line break: quote those too.
 */
function quotedField(f: string): string {
  let q = quotedFields.get(f);
  if (q === undefined) {
    // A record of this one field, without its LF.
    q = stringify([[f]], { record_delimiter: "unix", quoted_match: /\r/ }).slice(0, -1);
    if (f.length <= MAX_REMEMBERED_LENGTH) {
      if (quotedFields.size >= MAX_QUOTED_FIELDS) quotedFields.clear();
      quotedFields.set(f, q);
    }
  }
  return q;
}

/**
 * Parses CSV as `formatCsv` writes it (RFC 4180: quoted fields may hold commas, quotes doubled,
 * CR and LF): the header and the rows as strings. A ragged row throws; callers that read user
 * folders turn that into an InputError.
 */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let i = 0;
  const n = text.length;
  let quoted = false;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
    i++;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const header = records.shift() ?? [];
  for (const [k, r] of records.entries()) {
    if (r.length !== header.length) throw new Error(`row ${k + 2} has ${r.length} cells, the header has ${header.length}`);
  }
  return { header, rows: records };
}
