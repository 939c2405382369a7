/**
 * Where an Immediate claim's volume is provisioned (`ChooseZoneForVolume`): zone
 * `(fnv32(base) + index) mod n` of the sorted zones.
 *
 * FNV-1 32 of "db" (h = 2166136261; per byte h = h·16777619 mod 2³², then h ^= byte):
 * 1836525763, which is 1 mod 3. So `data-db-0` → zones[(1836525763 + 0) mod 3] = zones[1],
 * `data-db-1` → zones[2], `data-db-2` → zones[0]: round-robin from an offset fixed by the name.
 */
import { describe, expect, test } from "vitest";
import { chooseZoneForVolume, fnv32 } from "./persistent-volume.js";

const ZONES = ["zone-a", "zone-b", "zone-c"];

describe("chooseZoneForVolume", () => {
  test("FNV-1 32 matches Go's hash/fnv New32", () => {
    expect(fnv32("")).toBe(2166136261); // the offset basis
    expect(fnv32("a")).toBe(0x050c5d7e); // FNV-1 test vector (FNV-1a would give 0xe40c292c)
    expect(fnv32("db")).toBe(1836525763);
  });

  test.each([
    ["data-db-0", "zone-b"],
    ["data-db-1", "zone-c"],
    ["data-db-2", "zone-a"],
    // Only the StatefulSet name is hashed: another template of the same member lands in the same zone.
    ["logs-db-1", "zone-c"],
  ])("%s → %s", (name, zone) => {
    expect(chooseZoneForVolume(ZONES, name)).toBe(zone);
  });

  test("no zones, no zone", () => {
    expect(chooseZoneForVolume([], "data-db-0")).toBeUndefined();
  });
});
