/** The `kubesim` process proper: run the command line, set the exit code, clean up on Ctrl-C. */
import { main, reportError } from "./kubesim.js";
import { EXIT_INTERRUPTED } from "./exit-codes.js";
import { onInterrupt, runInterruptCleanups } from "./interrupt.js";
import { abortAllOpenResultsFolders } from "../report/results-folder.js";

// Ctrl-C removes every results folder still being written: no half-written output survives.
onInterrupt(() => void abortAllOpenResultsFolders());

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    runInterruptCleanups();
    process.stderr.write("\ninterrupted\n");
    process.exit(EXIT_INTERRUPTED);
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
