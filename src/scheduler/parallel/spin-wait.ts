/**
 * Waiting for a shared Int32 cell to change: first bounded spinning, then sleeping in
 * `Atomics.wait` slices. On the project's 2-vCPU VM (../shared/reference/performance.md §2b) a
 * spin round trip costs ~0.4 µs while a futex sleep/wake costs 65–85 µs when the hypervisor has
 * parked the peer vCPU, so a thread that expects the next round soon must spin; but a thread
 * that spins forever burns a core while the simulator does other work, hence the bound.
 *
 * The sleeper announces itself in a "sleeping" cell before `Atomics.wait`, and the writer
 * notifies only when that cell is set (`publish`): an `Atomics.notify` with nobody waiting still
 * takes the futex lock, and most rounds end inside the spin. A notify costs the writer ~90 µs
 * on this VM (an inter-processor interrupt to a parked vCPU), and the sleeper takes as long or
 * longer to run again, so the cell holds a token per sleep: a writer that already notified that
 * sleep need not do it again for the rounds it publishes meanwhile (RangeExecutor). Both sides
 * use sequentially consistent Atomics (sleeper: store flag, then wait-if-unchanged; writer:
 * store value, then load flag), so at least one of them sees the other and no wake-up is lost.
 */

/** Polls between clock reads while spinning: a poll is ~6.5 ns, `performance.now()` ~40 ns. */
const POLLS_PER_CLOCK_READ = 128;

/**
 * Polls `ints[index]` for up to `spinMicros` µs; true as soon as it differs from `value`.
 * `spinMicros` 0 returns after a single poll.
 */
export function spinWhileEqual(ints: Int32Array, index: number, value: number, spinMicros: number): boolean {
  if (Atomics.load(ints, index) !== value) return true;
  if (spinMicros <= 0) return false;
  const deadline = performance.now() + spinMicros / 1000;
  for (;;) {
    for (let i = 0; i < POLLS_PER_CLOCK_READ; i++) {
      if (Atomics.load(ints, index) !== value) return true;
    }
    if (performance.now() >= deadline) return false;
  }
}

/**
 * Sleeps on `ints[index]` for at most `sliceMs` ms (or until notified), with
 * `ints[sleepingIndex]` = `token` (non-zero; a new one per sleep when the writer tracks them)
 * meanwhile; true when the cell then differs from `value`. A false return lets the caller check
 * its own conditions (deadline, a dead peer) and sleep again.
 */
export function sleepWhileEqual(ints: Int32Array, index: number, value: number, sleepingIndex: number, sliceMs: number, token = 1): boolean {
  Atomics.store(ints, sleepingIndex, token);
  Atomics.wait(ints, index, value, sliceMs);
  Atomics.store(ints, sleepingIndex, 0);
  return Atomics.load(ints, index) !== value;
}

/** Stores `value` in `ints[index]` and wakes a sleeper announced in `ints[sleepingIndex]`. */
export function publish(ints: Int32Array, index: number, value: number, sleepingIndex: number): void {
  Atomics.store(ints, index, value);
  if (Atomics.load(ints, sleepingIndex) !== 0) Atomics.notify(ints, index);
}
