import { expect, test } from "vitest";
import { defaultProfile } from "../profile.js";
import { REQUEUE_EVENTS } from "../queue/index.js";
import { DEFAULT_MULTI_POINT, implementsPoint, IN_TREE_PLUGINS } from "./plugin-registry.js";

test("every plugin the queue has requeue rules for is an in-tree filter plugin", () => {
  for (const name of Object.keys(REQUEUE_EVENTS)) {
    expect(IN_TREE_PLUGINS[name], name).toBeDefined();
    expect(implementsPoint(name, "filter"), name).toBe(true);
  }
});

test("every default filter plugin that can reject has requeue rules", () => {
  for (const name of defaultProfile().filter) expect(REQUEUE_EVENTS[name], name).toBeDefined();
});

test("default multiPoint plugins are in-tree and weights sit on score plugins only", () => {
  for (const p of DEFAULT_MULTI_POINT) {
    expect(IN_TREE_PLUGINS[p.name], p.name).toBeDefined();
    if (p.weight !== undefined) expect(implementsPoint(p.name, "score"), p.name).toBe(true);
  }
});
