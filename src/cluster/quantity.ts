/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`) parsed exactly like `resource.Quantity`
 * (`staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go`: `ParseQuantity`).
 *
 * Grammar (quantity.go, type comment):
 *
 *     <quantity>        ::= <signedNumber><suffix>
 *     <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 *     <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
 *     <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
 *     <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E      (suffix.go adds n and u)
 *     <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>     (an integer exponent)
 *
 * Arithmetic is exact: the value is kept as a BigInt count of nano-units, because Kubernetes
 * itself rounds every parsed quantity *up* (away from zero) to nano precision ("if you want some
 * resources, you should get some resources"). `"0.1"` CPU is therefore exactly 100 millicores,
 * never 99.99999. `MilliValue()` and `Value()` round up again (away from zero), as here.
 *
 * Two deliberate differences from Kubernetes, both stricter:
 *  - a number part with no digit at all (`"Gi"`, `"e3"`, `"."`) is rejected. Kubernetes' scanner
 *    reads it as 0, which in a manifest is almost surely a typo that would silently request
 *    nothing;
 *  - a decimal quantity beyond int64 (|value| > 2^63-1) is rejected instead of overflowing later
 *    in `Value()`. Binary quantities are capped at 2^63-1 like Kubernetes does.
 *
 * Negative quantities parse, as in Kubernetes; resource requests and limits reject them, but
 * that is validation (pkg/apis/core/validation: ValidateNonnegativeQuantity), done by callers.
 */

/** A parsed quantity. Immutable. */
export interface Quantity {
  /** The exact value in units of 10^-9, after Kubernetes' round-up to nano precision. */
  readonly nanos: bigint;
  /** The suffix family it was written in (quantity.go: `Format`). */
  readonly format: "DecimalSI" | "BinarySI" | "DecimalExponent";
}

/** A malformed quantity. Callers wrap it into an `InputError` carrying the file position. */
export class QuantityError extends Error {
  readonly input: string | number;

  constructor(input: string | number, problem: string, hint: string = EXPECTED) {
    super(`${problem}: got ${JSON.stringify(input)}; ${hint}`);
    this.name = "QuantityError";
    this.input = input;
  }
}

const EXPECTED =
  "expected a Kubernetes quantity: optional sign, digits with an optional decimal point, then " +
  "an optional suffix (Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or an exponent like e3), e.g. 500m, 1.5Gi, 2e3";

/**
 * Longest accepted quantity text. Kubernetes has no limit, but every quantity that fits int64
 * at nano precision is under 40 characters; the cap keeps BigInt work on hostile input bounded.
 */
const MAX_QUANTITY_LENGTH = 128;

const NANOS_PER_UNIT = 1_000_000_000n;
const NANOS_PER_MILLI = 1_000_000n;
/** quantity.go: `maxAllowed` is int64 max; in nano-units that is (2^63-1) * 10^9. */
const MAX_NANOS = ((1n << 63n) - 1n) * NANOS_PER_UNIT;

/** suffix.go: decimal SI suffixes and their power of ten. */
const DECIMAL_SI: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

/** suffix.go: binary SI suffixes and their power of two. */
const BINARY_SI: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const QUANTITY_RE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;
const EXPONENT_RE = /^[eE]([+-]?[0-9]+)$/;

/**
 * Parses a quantity written as a string or as a YAML/JSON number. A number is read from its
 * shortest decimal text, as `Quantity.UnmarshalJSON` reads the raw JSON number.
 */
export function parseQuantity(input: string | number): Quantity {
  let text: string;
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw new QuantityError(input, "not a finite number");
    text = String(input);
  } else if (typeof input === "string") {
    text = input;
  } else {
    throw new QuantityError(String(input), "not a string or number");
  }
  if (text.length === 0) throw new QuantityError(input, "empty quantity");
  if (text.length > MAX_QUANTITY_LENGTH) throw new QuantityError(input, `longer than ${MAX_QUANTITY_LENGTH} characters`);

  const m = QUANTITY_RE.exec(text);
  if (m === null) throw new QuantityError(input, "malformed quantity");
  const [, sign, whole = "", fraction = "", suffix = ""] = m;
  if (whole.length === 0 && fraction.length === 0) throw new QuantityError(input, "no digits in the number part");

  let exp10 = -fraction.length;
  let shift2 = 0;
  let format: Quantity["format"];
  if (suffix in DECIMAL_SI) {
    exp10 += DECIMAL_SI[suffix]!;
    format = "DecimalSI";
  } else if (suffix in BINARY_SI) {
    shift2 = BINARY_SI[suffix]!;
    format = "BinarySI";
  } else {
    const e = EXPONENT_RE.exec(suffix);
    if (e === null) throw new QuantityError(input, `unknown suffix ${JSON.stringify(suffix)}`);
    exp10 += Number(e[1]);
    format = "DecimalExponent";
  }

  const mantissa = BigInt(whole + fraction) << BigInt(shift2);
  let nanos = scaleToNanosRoundingUp(mantissa, exp10 + 9);
  if (nanos > MAX_NANOS) {
    if (format !== "BinarySI") throw new QuantityError(input, "larger than 2^63-1, the Kubernetes limit");
    nanos = MAX_NANOS; // quantity.go: "The max is just a simple cap."
  }
  // quantity.go: a binary quantity strictly between 0 and 1 is kept as DecimalSI.
  if (format === "BinarySI" && nanos > 0n && nanos < NANOS_PER_UNIT) format = "DecimalSI";
  return { nanos: sign === "-" ? -nanos : nanos, format };
}

/**
 * mantissa * 10^power, rounded up to an integer (mantissa >= 0). Anything past MAX_NANOS comes
 * back as MAX_NANOS + 1 so the caller can cap or reject it.
 */
function scaleToNanosRoundingUp(mantissa: bigint, power: number): bigint {
  if (mantissa === 0n) return 0n;
  const digits = mantissa.toString().length;
  // 10^(digits-1) <= mantissa, so the result is at least 10^(digits-1+power): past 10^28 it
  // exceeds MAX_NANOS (~9.2e27) whatever the digits, and we avoid building huge powers of ten.
  if (digits - 1 + power > 28) return MAX_NANOS + 1n;
  if (power >= 0) return mantissa * 10n ** BigInt(power);
  // quantity.go: non-zero values round up to the smallest representable value (1n), so a
  // mantissa far below one nano-unit is simply 1.
  if (-power > digits) return 1n;
  const divisor = 10n ** BigInt(-power);
  return (mantissa + divisor - 1n) / divisor;
}

/** Integer division rounding away from zero, like `Quantity.ScaledValue` (inf.RoundUp). */
function divRoundingAwayFromZero(n: bigint, d: bigint): bigint {
  const q = n / d;
  if (q * d === n) return q;
  return n < 0n ? q - 1n : q + 1n;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** kubesim stores values in float64 columns: past 2^53 they would silently lose units. */
function toSafeNumber(v: bigint, unit: string): number {
  if (v > MAX_SAFE || v < -MAX_SAFE) {
    throw new QuantityError(`${v} ${unit}`, "too large to simulate exactly", "kubesim handles values up to 2^53-1");
  }
  return Number(v);
}

/** `Quantity.MilliValue()`: the value in thousandths, rounded up. CPU millicores. */
export function quantityToMilli(q: Quantity): number {
  return toSafeNumber(divRoundingAwayFromZero(q.nanos, NANOS_PER_MILLI), "milli-units");
}

/** `Quantity.Value()`: the value as an integer, rounded up. Bytes, counts. */
export function quantityToInt(q: Quantity): number {
  return toSafeNumber(divRoundingAwayFromZero(q.nanos, NANOS_PER_UNIT), "units");
}

/** A CPU quantity in millicores (`"0.5"` → 500, `"250m"` → 250, `2` → 2000). */
export function parseCpuMillicores(s: string | number): number {
  return quantityToMilli(parseQuantity(s));
}

/** A memory or storage quantity in bytes (`"1.5Gi"` → 1610612736). */
export function parseBytes(s: string | number): number {
  return quantityToInt(parseQuantity(s));
}

/**
 * The value kubesim uses for a resource: millicores for `cpu` (the scheduler's
 * `MilliCPU`, pkg/scheduler/framework/types.go: Resource), the integer value for everything
 * else (memory, ephemeral-storage, hugepages-*, extended resources such as nvidia.com/gpu).
 */
export function resourceValue(resourceName: string, s: string | number): number {
  if (typeof s === "number") return toValue(resourceName, parseQuantity(s));
  // A cluster repeats a handful of quantity strings ("100m", "128Mi") over thousands of pods:
  // parsing one costs ~1 µs, a lookup a tenth of that (scale-5000's pod watchers parsed ~1 s).
  const memo = resourceName === "cpu" ? milliMemo : intMemo;
  let v = memo.get(s);
  if (v === undefined) {
    v = toValue(resourceName, parseQuantity(s));
    // Bounded, so that a stream of distinct strings cannot grow it without end.
    if (memo.size >= QUANTITY_MEMO_LIMIT) memo.clear();
    memo.set(s, v);
  }
  return v;
}

function toValue(resourceName: string, q: Quantity): number {
  return resourceName === "cpu" ? quantityToMilli(q) : quantityToInt(q);
}

const QUANTITY_MEMO_LIMIT = 4096;
/** resourceValue by quantity string: millicores (cpu), and integer values (every other resource). */
const milliMemo = new Map<string, number>();
const intMemo = new Map<string, number>();

/** Millicores for humans: `250` → "250m", `1500` → "1.5", `2000` → "2". */
export function formatMillicores(millicores: number): string {
  const m = Math.round(millicores);
  if (Math.abs(m) < 1000) return `${m}m`;
  const sign = m < 0 ? "-" : "";
  const abs = Math.abs(m);
  const whole = Math.floor(abs / 1000);
  const frac = String(abs % 1000).padStart(3, "0").replace(/0+$/, "");
  return frac.length > 0 ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

const BINARY_UNITS = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"] as const;

/** Bytes for humans, in the largest binary unit, at most 2 decimals: 1610612736 → "1.5Gi". */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? "-" : "";
  let abs = Math.abs(bytes);
  let unit = 0;
  while (unit < BINARY_UNITS.length - 1 && abs >= 1024) {
    abs /= 1024;
    unit++;
  }
  let rounded = Math.round(abs * 100) / 100;
  // 1023.999Mi rounds to 1024Mi: say 1Gi instead.
  if (rounded >= 1024 && unit < BINARY_UNITS.length - 1) {
    rounded = Math.round((abs / 1024) * 100) / 100;
    unit++;
  }
  const text = unit === 0 ? String(Math.round(abs)) : String(rounded);
  return `${sign}${text}${BINARY_UNITS[unit]}`;
}
