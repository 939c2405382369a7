/**
 * Typed-array columns backed by `SharedArrayBuffer`, so scheduler worker threads can read
 * the same memory without copying. Growth reallocates and copies: holders of the old arrays
 * must re-read the column after a table reports a new `generation`.
 */
export type NumericArray = Int32Array | Int16Array | Float64Array | Uint8Array;
type Ctor<T extends NumericArray> = { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };

/** A zero-filled array of `length` elements over a fresh `SharedArrayBuffer`. */
export function sharedArray<T extends NumericArray>(ctor: Ctor<T>, length: number): T {
  return new ctor(new SharedArrayBuffer(Math.max(1, length) * ctor.BYTES_PER_ELEMENT));
}

/** A longer copy of a column (same stride), new elements zero. */
export function growColumn<T extends NumericArray>(old: T, ctor: Ctor<T>, length: number): T {
  const next = sharedArray(ctor, length);
  next.set(old as never);
  return next;
}

/**
 * A copy of a row-major matrix (`rows × oldStride`) into `newRows × newStride`, used when a
 * table gains rows or a new column key (label key, resource) widens every row.
 */
export function growMatrix<T extends NumericArray>(
  old: T,
  ctor: Ctor<T>,
  rows: number,
  oldStride: number,
  newRows: number,
  newStride: number,
): T {
  const next = sharedArray(ctor, newRows * newStride);
  if (newStride === oldStride) {
    next.set(old as never);
    return next;
  }
  for (let r = 0; r < rows; r++) {
    next.set(old.subarray(r * oldStride, (r + 1) * oldStride) as never, r * newStride);
  }
  return next;
}

/** The next capacity ≥ `needed`, doubling from `current` (amortised O(1) appends). */
export function nextCapacity(current: number, needed: number): number {
  let c = Math.max(4, current);
  while (c < needed) c *= 2;
  return c;
}
