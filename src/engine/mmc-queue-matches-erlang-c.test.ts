/**
 * End-to-end check of the kernel against queueing theory: an M/M/c queue built from
 * handlers, `after` and a FIFO waiting line must reproduce the Erlang-C mean wait.
 */
import { expect, it } from "vitest";
import { Band } from "./bands.js";
import { RngStreams } from "./rng.js";
import { Simulation } from "./simulation.js";
import { US_PER_SECOND, secondsToUs } from "./time.js";

const SERVERS = 4;
const LAMBDA = 3.6; // arrivals per second
const MU = 1; // services per second per server
// Erlang C for c = 4, a = λ/μ = 3.6: Σ_{k<4} a^k/k! = 1 + 3.6 + 6.48 + 7.776 = 18.856;
// a^4/4! = 6.9984, divided by (1 − ρ) = 0.1 gives 69.984; P(wait) = 69.984 / 88.84 = 0.78775;
// Wq = P(wait) / (cμ − λ) = 0.78775 / 0.4 = 1.969383 s.
const ERLANG_C_WQ = 1.969383;

function simulateMmc(customers: number, seed: number): { meanWait: number; areaSeconds: number; totalWaitSeconds: number } {
  const sim = new Simulation();
  const streams = new RngStreams(seed);
  const arrivals = streams.stream("arrivals");
  const services = streams.stream("services");
  const line: number[] = []; // arrival times of waiting customers, FIFO
  let lineHead = 0;
  let busy = 0;
  let arrived = 0;
  let totalWaitUs = 0;
  // Area under the number-waiting curve, to check Little's law on the sample path.
  let areaUs = 0;
  let lastChangeUs = 0;
  const waitingChanges = (): void => {
    areaUs += (line.length - lineHead) * (sim.nowUs - lastChangeUs);
    lastChangeUs = sim.nowUs;
  };

  const depart = sim.handler(() => {
    if (lineHead === line.length) {
      busy--;
      return;
    }
    waitingChanges();
    totalWaitUs += sim.nowUs - line[lineHead++]!;
    sim.after(secondsToUs(services.exponential(MU)), Band.WORKLOAD, depart, 0);
  });
  const arrive = sim.handler(() => {
    if (++arrived < customers) sim.after(secondsToUs(arrivals.exponential(LAMBDA)), Band.WORKLOAD, arrive, 0);
    if (busy < SERVERS) {
      busy++;
      sim.after(secondsToUs(services.exponential(MU)), Band.WORKLOAD, depart, 0);
    } else {
      waitingChanges();
      line.push(sim.nowUs);
    }
  });
  sim.at(secondsToUs(arrivals.exponential(LAMBDA)), Band.WORKLOAD, arrive, 0);
  const stats = sim.run(Infinity);
  expect(stats.eventsProcessed).toBe(2 * customers);
  return {
    meanWait: totalWaitUs / customers / US_PER_SECOND,
    areaSeconds: areaUs / US_PER_SECOND,
    totalWaitSeconds: totalWaitUs / US_PER_SECOND,
  };
}

it("an M/M/4 queue at ρ = 0.9 waits as long as Erlang C predicts", () => {
  const { meanWait, areaSeconds, totalWaitSeconds } = simulateMmc(1_000_000, 1);
  // At ρ = 0.9 successive waits are strongly correlated: over 200 seeds of 1,000,000
  // customers the mean wait's standard deviation was 0.05 s, 2.6 % of Wq
  // (../shared/reference/performance.md §1, "Erlang-C check"). 8 % is three of those.
  expect(Math.abs(meanWait - ERLANG_C_WQ) / ERLANG_C_WQ).toBeLessThan(0.08);
  // Little's law on the sample path: the area under the queue-length curve is exactly the
  // sum of the waits (every customer has left the line when the queue drains), so any
  // clock that jumps backwards or any mis-ordered event would break this identity.
  expect(areaSeconds).toBeCloseTo(totalWaitSeconds, 3);
});
