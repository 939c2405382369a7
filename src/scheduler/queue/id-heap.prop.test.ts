import fc from "fast-check";
import { expect, test } from "vitest";
import { IdHeap } from "./id-heap.js";

// Model check: after any sequence of push / pop / remove / re-key, popping everything yields the
// ids sorted by (key, id), the same as a sorted array holding the same ids.
test("IdHeap pops in key order after arbitrary pushes, pops, removals and re-keys", () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant("push" as const), id: fc.nat(40), key: fc.integer({ min: -5, max: 5 }) }),
    fc.record({ kind: fc.constant("pop" as const) }),
    fc.record({ kind: fc.constant("remove" as const), id: fc.nat(40) }),
    fc.record({ kind: fc.constant("rekey" as const), id: fc.nat(40), key: fc.integer({ min: -5, max: 5 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const key = new Map<number, number>();
      const less = (a: number, b: number) => key.get(a)! - key.get(b)! < 0 || (key.get(a) === key.get(b) && a < b);
      const order = (a: number, b: number) => key.get(a)! - key.get(b)! || a - b;
      const heap = new IdHeap(less, 2);
      const model = new Set<number>();
      for (const o of ops) {
        if (o.kind === "push") {
          if (model.has(o.id)) continue;
          key.set(o.id, o.key);
          heap.push(o.id);
          model.add(o.id);
        } else if (o.kind === "pop") {
          const expected = [...model].sort(order)[0] ?? -1;
          expect(heap.pop()).toBe(expected);
          model.delete(expected);
        } else if (o.kind === "remove") {
          expect(heap.remove(o.id)).toBe(model.delete(o.id));
        } else if (model.has(o.id)) {
          key.set(o.id, o.key);
          heap.fix(o.id);
        }
      }
      const drained: number[] = [];
      for (let id = heap.pop(); id >= 0; id = heap.pop()) drained.push(id);
      expect(drained).toEqual([...model].sort(order));
    }),
  );
});
