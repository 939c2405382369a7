/**
 * The kernel's import rule (docs/conventions.md): files under src/engine/ import only each
 * other and npm packages the project depends on. Node built-ins are allowed in tests only.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ENGINE_DIR = resolve(process.cwd(), "src", "engine");

/**
 * Every import/export/dynamic-import specifier in a TypeScript source, found by the
 * compiler's own scanner (so specifiers inside strings and comments are not counted).
 */
function importSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** Why `specifier`, imported by the engine file `file`, breaks the rule; undefined if it does not. */
function violation(file: string, specifier: string, packages: ReadonlySet<string>): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/")) {
    const target = resolve(dirname(file), specifier);
    return target === ENGINE_DIR || target.startsWith(ENGINE_DIR + sep) ? undefined : `leaves src/engine/ (${specifier})`;
  }
  if (specifier.startsWith("node:")) return file.endsWith(".test.ts") ? undefined : `Node built-in outside a test (${specifier})`;
  const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
  return packages.has(name) ? undefined : `not a package.json dependency (${specifier})`;
}

function engineFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? engineFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

function dependencies(): Set<string> {
  const pkg = JSON.parse(readFileSync(resolve(process.cwd(), "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
  return new Set([...Object.keys(pkg["dependencies"] ?? {}), ...Object.keys(pkg["devDependencies"] ?? {})]);
}

describe("engine import rule", () => {
  it("holds for every file under src/engine/", () => {
    const files = engineFiles(ENGINE_DIR);
    // The scan must see the kernel itself, or an empty scan would pass vacuously.
    const names = files.map((f) => relative(ENGINE_DIR, f));
    expect(names).toEqual(expect.arrayContaining(["simulation.ts", "event-queue.ts", "rng.ts", "index.ts"]));
    const packages = dependencies();
    const problems = files.flatMap((file) =>
      importSpecifiers(readFileSync(file, "utf8")).flatMap((spec) => {
        const why = violation(file, spec, packages);
        return why === undefined ? [] : [`${relative(process.cwd(), file)}: ${why}`];
      }),
    );
    expect(problems).toEqual([]);
  });

  it("finds every form of import specifier", () => {
    const source = [
      `import seedrandom from "seedrandom";`,
      `import { a,\n  b } from './a.js';`,
      `import type { T } from "../cluster/types.js";`,
      `export { x } from "./x.js";`,
      `export * from "./y.js";`,
      `import "./side-effect.js";`,
      `const m = await import("../metrics/index.js");`,
      `// import { z } from "../commented-out.js";`,
      `const text = "import { q } from '../in-a-string.js'";`,
    ].join("\n");
    expect(importSpecifiers(source).sort()).toEqual(
      ["../cluster/types.js", "../metrics/index.js", "./a.js", "./side-effect.js", "./x.js", "./y.js", "seedrandom"].sort(),
    );
  });

  it("flags imports that leave the folder, unknown packages and Node built-ins outside tests", () => {
    const file = join(ENGINE_DIR, "simulation.ts");
    const test = join(ENGINE_DIR, "simulation.test.ts");
    const packages = new Set(["seedrandom", "@types/node"]);
    expect(violation(file, "./event-queue.js", packages)).toBeUndefined();
    expect(violation(file, "seedrandom", packages)).toBeUndefined();
    expect(violation(test, "node:fs", packages)).toBeUndefined();
    expect(violation(file, "../cluster/nodes.js", packages)).toMatch(/leaves/);
    expect(violation(file, "../engine-extras/x.js", packages)).toMatch(/leaves/);
    expect(violation(file, join(ENGINE_DIR, "..", "errors.js"), packages)).toMatch(/leaves/);
    expect(violation(file, "lodash", packages)).toMatch(/dependency/);
    expect(violation(file, "node:fs", packages)).toMatch(/built-in/);
  });
});
