/**
 * Fewer points for a chart without losing its spikes (`ux.md` A4): the x range is cut into
 * `columns` equal buckets (one per pixel column of the plot) and each bucket keeps only its
 * lowest and highest point, in their original order. A one-sample pending-pods spike survives,
 * where averaging would flatten it. A series of at most 2 × `columns` points is returned as it
 * is; NaN values (gaps) are kept so that the line still breaks there.
 */

export interface Points {
  xs: number[];
  ys: number[];
}

export function minMaxDownsample(xs: ArrayLike<number>, ys: ArrayLike<number>, columns: number): Points {
  const n = Math.min(xs.length, ys.length);
  if (n <= 2 * columns || n === 0) return { xs: Array.from(xs).slice(0, n), ys: Array.from(ys).slice(0, n) };
  const x0 = xs[0]!;
  const span = xs[n - 1]! - x0 || 1;
  const out: Points = { xs: [], ys: [] };
  const push = (i: number) => {
    out.xs.push(xs[i]!);
    out.ys.push(ys[i]!);
  };
  let i = 0;
  while (i < n) {
    const col = Math.min(columns - 1, Math.floor(((xs[i]! - x0) / span) * columns));
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (; i < n && Math.min(columns - 1, Math.floor(((xs[i]! - x0) / span) * columns)) === col; i++) {
      const y = ys[i]!;
      if (Number.isNaN(y)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || y < ys[lo]!) lo = i;
      if (hi < 0 || y > ys[hi]!) hi = i;
    }
    const keep = [lo, hi, gap].filter((k) => k >= 0).sort((a, b) => a - b);
    for (let k = 0; k < keep.length; k++) if (k === 0 || keep[k] !== keep[k - 1]) push(keep[k]!);
  }
  return out;
}
