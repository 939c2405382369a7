/**
 * A progress bar on stderr for long runs, only when the context allows it (a TTY, no `--json`,
 * `--quiet`, `--no-progress` or CI). Callers report progress in their own unit (simulated
 * seconds, runs, pods); wall-clock ETA is shown but never written to any file.
 */
import cliProgress from "cli-progress";
import type { CliContext } from "./context.js";

export interface Progress {
  update(value: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { update() {}, stop() {} };

export function startProgress(ctx: CliContext, label: string, total: number, unit: string): Progress {
  if (!ctx.showProgress || total <= 0) return NO_PROGRESS;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted}`,
      fps: 10,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (value, payload) => bar.update(Math.min(value, total), payload),
    stop: () => bar.stop(),
  };
}
