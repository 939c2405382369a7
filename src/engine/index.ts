/**
 * engine/: the domain-free discrete-event kernel. A clock in integer microseconds, a
 * future-event list ordered by (time, band, insertion order), a run loop dispatching integer
 * event kinds to registered handlers, and seeded random streams. It knows nothing of
 * Kubernetes: the layers above give bands and kinds their meaning.
 *
 * Import rule: files here import only each other and npm packages (seedrandom); nothing
 * from the rest of src/. `import-rule.test.ts` enforces it.
 *
 *   const sim = new Simulation();
 *   const rng = new RngStreams(42).stream("arrivals");
 *   const arrive = sim.handler((pod) => { sim.after(secondsToUs(rng.exponential(3.6)), Band.CONTROLLER, arrive, pod + 1); });
 *   sim.at(0, Band.CONTROLLER, arrive, 0);
 *   const stats = sim.run(secondsToUs(60)); // stats.eventsProcessed, sim.nowUs === 60_000_000
 */
export { Band, BAND_COUNT, type BandName } from "./bands.js";
export { EventQueue, MAX_TIME_US } from "./event-queue.js";
export { Rng, RngStreams } from "./rng.js";
export { Simulation, SimulationError, type Handler, type RunProgress, type RunStats } from "./simulation.js";
export { US_PER_MS, US_PER_SECOND, secondsToUs, usToSeconds } from "./time.js";
