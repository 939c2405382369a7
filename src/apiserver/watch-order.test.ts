import { expect, test } from "vitest";
import { WatchOrder } from "./watch-order.js";

test("events of an object whose ADDED is in flight are dropped; the ADDED then carries it", () => {
  const o = new WatchOrder();
  o.addPending(7);
  expect(o.admit(7, 2)).toBe(false); // MODIFIED before the ADDED arrived
  expect(o.admit(7, 1)).toBe(true);
  expect(o.admit(7, 2)).toBe(true);
  expect(o.admit(7, 3)).toBe(true);
  expect(o.admit(7, 2)).toBe(false); // nothing after DELETED
});

test("created and deleted before the ADDED arrived: watchers see neither", () => {
  const o = new WatchOrder();
  o.addPending(3);
  expect(o.admit(3, 3)).toBe(false);
  expect(o.admit(3, 1)).toBe(false);
});

test("objects of the initial state are visible without an ADDED through the model", () => {
  const o = new WatchOrder();
  expect(o.admit(5000, 2)).toBe(true);
  expect(o.admit(5000, 3)).toBe(true);
});
