/**
 * Durations in Go's `time.ParseDuration` format (`300ms`, `1.5h`, `2h45m`, `1µs`), the format
 * Kubernetes configuration uses (`metav1.Duration`, e.g. KubeSchedulerConfiguration's
 * `podInitialBackoffSeconds` siblings and kubelet's `evictionPressureTransitionPeriod`).
 *
 * The result is integer microseconds, kubesim's unit of simulated time, rounded to the nearest
 * microsecond (half away from zero), so `"1ns"` is 0 and `"500ns"` is 1.
 *
 * Go grammar (src/time/format.go: ParseDuration): `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, units
 * `ns us µs μs ms s m h`, and the bare `"0"`. Like Go, each term's fraction is truncated to whole
 * nanoseconds and the total must fit int64 nanoseconds (about 292 years).
 *
 * kubesim extension: a plain number, either a YAML number or a numeric string (`30`, `"0.5"`),
 * means seconds. Go would reject the string form ("missing unit"); scenario files and command-line
 * flags accept it because `timeout: 30` is what people write.
 */

/** A malformed duration. Callers wrap it into an `InputError` carrying the file position. */
export class DurationError extends Error {
  readonly input: string | number;

  constructor(input: string | number, problem: string) {
    super(
      `${problem}: got ${JSON.stringify(input)}; expected a duration like 300ms, 1.5h, 2h45m, 10s or a number of seconds`,
    );
    this.name = "DurationError";
    this.input = input;
  }
}

/** src/time/format.go: unitMap, in nanoseconds. Both micro signs are accepted, as in Go. */
const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  "\u00b5s": 1_000n, // µ MICRO SIGN
  "\u03bcs": 1_000n, // μ GREEK SMALL LETTER MU
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** src/time/format.go: durations are int64 nanoseconds. */
const MAX_NANOS = (1n << 63n) - 1n;
/** Go-format input longer than this cannot be a sensible duration; keeps BigInt work bounded. */
const MAX_DURATION_LENGTH = 128;

const SECONDS_RE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;
const TERM_RE = /^([0-9]*)(?:\.([0-9]*))?([^0-9.]*)/;

/** Parses a duration into integer microseconds. */
export function parseDuration(input: string | number): number {
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw new DurationError(input, "not a finite number");
    return parseSeconds(String(input), input);
  }
  if (typeof input !== "string") throw new DurationError(String(input), "not a string or number");
  if (input.length > MAX_DURATION_LENGTH) throw new DurationError(input, `longer than ${MAX_DURATION_LENGTH} characters`);
  if (SECONDS_RE.test(input) && /[0-9]/.test(input) && input !== "0") return parseSeconds(input, input);
  return parseGoDuration(input);
}

function parseGoDuration(input: string): number {
  let s = input;
  let negative = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw new DurationError(input, "empty duration");
  let totalNanos = 0n;
  while (s !== "") {
    const m = TERM_RE.exec(s)!; // always matches, possibly empty
    const [term, whole = "", fraction = "", unit = ""] = m;
    if (whole === "" && fraction === "") throw new DurationError(input, "expected a number");
    if (unit === "") throw new DurationError(input, "missing unit (ns, us, ms, s, m or h)");
    const unitNanos = UNIT_NANOS[unit];
    if (unitNanos === undefined) throw new DurationError(input, `unknown unit ${JSON.stringify(unit)}`);
    // Go truncates each term's fractional nanoseconds.
    const scale = 10n ** BigInt(fraction.length);
    totalNanos += (BigInt(whole + fraction) * unitNanos) / scale;
    if (totalNanos > MAX_NANOS) throw new DurationError(input, "longer than 2^63-1 nanoseconds");
    s = s.slice(term.length);
  }
  return nanosToMicros(negative ? -totalNanos : totalNanos, input);
}

/** A plain decimal number of seconds, possibly with an exponent (`1e-7` from a YAML number). */
function parseSeconds(text: string, input: string | number): number {
  const m = SECONDS_RE.exec(text);
  if (m === null) throw new DurationError(input, "malformed number of seconds");
  const [, sign, whole = "", fraction = "", exponent = "0"] = m;
  if (whole === "" && fraction === "") throw new DurationError(input, "expected a number");
  // value in ns = digits * 10^(exp - len(fraction) + 9); only bounded exponents are meaningful.
  const power = Number(exponent) - fraction.length + 9;
  const digits = BigInt(whole + fraction);
  let nanos: bigint;
  if (digits === 0n) nanos = 0n;
  else if (power > 30) throw new DurationError(input, "longer than 2^63-1 nanoseconds");
  else if (power >= 0) nanos = digits * 10n ** BigInt(power);
  else if (-power > 400) nanos = 0n;
  else nanos = digits / 10n ** BigInt(-power);
  if (nanos > MAX_NANOS) throw new DurationError(input, "longer than 2^63-1 nanoseconds");
  return nanosToMicros(sign === "-" ? -nanos : nanos, input);
}

/** Nearest microsecond, ties away from zero. */
function nanosToMicros(nanos: bigint, input: string | number): number {
  const abs = nanos < 0n ? -nanos : nanos;
  const micros = (abs + 500n) / 1000n;
  // int64 nanoseconds slightly exceed 2^53 microseconds: keep simulated time exact.
  if (micros > BigInt(Number.MAX_SAFE_INTEGER)) throw new DurationError(input, "longer than 2^53 microseconds");
  const n = Number(micros);
  return nanos < 0n && n !== 0 ? -n : n;
}
