#!/usr/bin/env node
// Placeholder entry point; the command tree is built in src/cli/ (see the foundation issue).
import { KUBESIM_VERSION } from "../version.js";
console.log(`kubesim ${KUBESIM_VERSION}`);
