#!/usr/bin/env node
/**
 * The `kubesim` executable. Commands that simulate (`run`, `sweep`, `bench`) need V8 heap
 * settings that can only be given when a process starts (heap-flags.ts): for those, this process
 * starts the real one (process-main.ts) with them and passes its exit code on. Everything else
 * runs right here.
 */
import { heapFlagsToAdd, relaunchWith } from "./heap-flags.js";

const flags = heapFlagsToAdd(process.argv.slice(2));
if (flags.length > 0) relaunchWith(flags, new URL("./process-main.js", import.meta.url));
else await import("./process-main.js");
