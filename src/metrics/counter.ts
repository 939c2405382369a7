/**
 * Named, scoped counters: how many times something happened, per scope.
 *
 * A counter is identified by a metric name (snake_case, Prometheus style: `oom_kills`) and
 * a scope (`cluster`, `deployment/checkout`, `node/pool-a-3`). Model code looks its counter
 * up once, at set-up, and keeps the `Counter` handle, so counting in the event loop is one
 * field increment: no string, no map lookup, no allocation.
 *
 * Counters only go up (a Prometheus counter's contract). Rows come back in the order the
 * counters were first asked for, which is deterministic because the simulation is.
 */

/** `counters.csv` columns; `value` is the final count. */
export const COUNTER_COLUMNS = ["metric", "scope", "value"] as const;

export type CounterRow = [metric: string, scope: string, value: number];

/** snake_case starting with a letter, as Prometheus metric names and `ux.md` columns are. */
const METRIC_NAME = /^[a-z][a-z0-9_]*$/;

/** Throws on a metric name that is not snake_case: a kubesim bug, caught at registration. */
export function assertMetricName(metric: string): void {
  if (!METRIC_NAME.test(metric)) throw new Error(`metric name ${JSON.stringify(metric)} is not snake_case`);
}

export class Counter {
  /** The count so far. */
  value = 0;

  constructor(
    readonly metric: string,
    readonly scope: string,
  ) {}

  /** Adds `by` (default 1). A negative or non-finite step is a bug and throws. */
  inc(by = 1): void {
    if (!(by >= 0) || by === Infinity) throw new RangeError(`counter ${this.metric}{${this.scope}}: bad increment ${by}`);
    this.value += by;
  }
}

export class CounterSet {
  // Keyed by metric and scope joined with NUL, which neither can contain.
  private readonly byKey = new Map<string, Counter>();

  /** The counter for `metric` in `scope`, created at zero on first use. */
  counter(metric: string, scope: string): Counter {
    const key = `${metric}\u0000${scope}`;
    let c = this.byKey.get(key);
    if (c === undefined) {
      assertMetricName(metric);
      if (scope.includes("\u0000")) throw new Error(`counter scope ${JSON.stringify(scope)} contains NUL`);
      c = new Counter(metric, scope);
      this.byKey.set(key, c);
    }
    return c;
  }

  /** The current count of `metric` in `scope`; 0 if it was never created. */
  get(metric: string, scope: string): number {
    return this.byKey.get(`${metric}\u0000${scope}`)?.value ?? 0;
  }

  /** Number of distinct counters. */
  get size(): number {
    return this.byKey.size;
  }

  /** One `[metric, scope, value]` row per counter, in creation order. */
  rows(): CounterRow[] {
    const out: CounterRow[] = [];
    for (const c of this.byKey.values()) out.push([c.metric, c.scope, c.value]);
    return out;
  }
}
