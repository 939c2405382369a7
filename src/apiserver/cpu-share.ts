/**
 * The API server replicas' CPUs, shared by the requests in service (processor sharing, a seat
 * counted as one thread: the proxy APF itself uses for a request's cost). Closed form per
 * period: the time integral of seats in service over the period just ended gives their mean;
 * the handling time of requests started in the next period is stretched by
 * `max(1, mean seats in service / cpuCores)`. A client that keeps many seats busy (wide LISTs)
 * so slows every other request on that replica, whatever their priority level.
 */
export class CpuShare {
  private readonly seats: Float64Array;
  private readonly integral: Float64Array;
  private readonly sinceUs: Float64Array;
  /** The factor handling times are stretched by in the current period, per replica. */
  readonly slowdown: Float64Array;

  constructor(
    replicas: number,
    private readonly cores: number,
    startUs: number,
  ) {
    this.seats = new Float64Array(replicas);
    this.integral = new Float64Array(replicas);
    this.sinceUs = new Float64Array(replicas).fill(startUs);
    this.slowdown = new Float64Array(replicas).fill(1);
  }

  /** Seats in service on `replica` change by `delta` at `nowUs`. */
  change(replica: number, delta: number, nowUs: number): void {
    this.integral[replica] += this.seats[replica]! * (nowUs - this.sinceUs[replica]!);
    this.sinceUs[replica] = nowUs;
    this.seats[replica] += delta;
  }

  /** Ends a period of `periodUs` at `nowUs`; `backgroundSeats` (closed-form load) count too. */
  endPeriod(nowUs: number, periodUs: number, backgroundSeats: number): void {
    for (let r = 0; r < this.seats.length; r++) {
      this.change(r, 0, nowUs);
      const mean = this.integral[r]! / periodUs + backgroundSeats;
      this.integral[r] = 0;
      this.slowdown[r] = Math.max(1, mean / this.cores);
    }
  }
}
