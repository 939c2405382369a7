/** The `kubesim` process proper: run the command line, set the exit code, clean up on Ctrl-C. */
import { main, reportError } from "./kubesim.js";
import { EXIT_INTERRUPTED } from "./exit-codes.js";
import { onInterrupt, runInterruptCleanups } from "./interrupt.js";
import { abortAllOpenResultsFolders, onOpenResultsFoldersChange } from "../report/results-folder.js";

// Ctrl-C removes every results folder still being written: no half-written output survives.
onInterrupt(() => void abortAllOpenResultsFolders());

// The handlers are armed only while a results folder is open. Folders are written synchronously
// and then renamed into place, so a signal that arrives meanwhile waits for the write to end
// rather than leave half a folder. At any other time — above all during a simulation, which is
// synchronous and never frees the event loop a handler needs (armed all along, they held Ctrl-C
// back until the run ended) — the default action ends the process at once (status 130 for
// SIGINT), and nothing is on disk yet.
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
function interrupted(): void {
  runInterruptCleanups();
  process.stderr.write("\ninterrupted\n");
  process.exit(EXIT_INTERRUPTED);
}
let armed = false;
onOpenResultsFoldersChange((count) => {
  if ((count > 0) === armed) return;
  armed = count > 0;
  for (const signal of SIGNALS) {
    if (armed) process.on(signal, interrupted);
    else process.off(signal, interrupted);
  }
});

// `kubesim … | head`: the reader has gone. Drop the rest of the output and let the command end
// with its own exit code (an SLO failure still exits 1), instead of dying on an unhandled EPIPE
// with a stack trace; later writes to the closed stream fail with ERR_STREAM_DESTROYED.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE" && err.code !== "ERR_STREAM_DESTROYED") throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.exitCode = reportError(err, process.argv.slice(2));
  },
);
