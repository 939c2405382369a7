/**
 * Executable documentation (SimPy's docs pattern): every `.cmd` file under `docs/examples/` holds one
 * kubesim command line, run from the repository root; its stdout must equal the `.out` file
 * beside it byte for byte, so the worked examples in docs/ can never drift from what kubesim
 * prints. After an intended change, regenerate with `UPDATE_GOLDENS=1 npx vitest run test/docs-examples`.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

const ROOT = "docs/examples";

function commandFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return commandFiles(p);
      return name.endsWith(".cmd") ? [p] : [];
    });
}

test.each(commandFiles(ROOT))("%s", (cmdFile) => {
  const args = readFileSync(cmdFile, "utf8").trim().split(/\s+/);
  const r = spawnSync(process.execPath, ["dist/src/cli/main.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const golden = cmdFile.replace(/\.cmd$/, ".out");
  if (process.env.UPDATE_GOLDENS === "1") writeFileSync(golden, r.stdout);
  expect(r.stderr).toBe("");
  expect(existsSync(golden)).toBe(true);
  expect(r.stdout).toBe(readFileSync(golden, "utf8"));
});
