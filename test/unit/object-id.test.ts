import { describe, expect, it } from "vitest";

import { ConfigurationError } from "../../src/handwritten/errors.js";
import {
  createIdGenerator,
  generateId,
  isObjectId,
} from "../../src/handwritten/object-id.js";

/** A byte source that hands out 1, 2, 3, … so every byte in an id is predictable. */
function countingBytes() {
  let next = 1;
  return (bytes: Uint8Array) => bytes.map(() => next++);
}

describe("generateId", () => {
  it("returns 24 lowercase hex digits", () => {
    const id = generateId();
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(isObjectId(id)).toBe(true);
  });

  it("puts the current epoch seconds in the first 4 bytes", () => {
    const before = Math.floor(Date.now() / 1000);
    const seconds = Number.parseInt(generateId().slice(0, 8), 16);
    const after = Math.floor(Date.now() / 1000);
    expect(seconds).toBeGreaterThanOrEqual(before);
    expect(seconds).toBeLessThanOrEqual(after);
  });

  it("gives 100,000 distinct ids", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 100_000; i++) ids.add(generateId());
    expect(ids.size).toBe(100_000);
  });

  it("keeps the random middle bytes the same across calls", () => {
    const middles = new Set(Array.from({ length: 50 }, () => generateId().slice(8, 18)));
    expect(middles.size).toBe(1);
  });
});

describe("createIdGenerator", () => {
  it("lays out seconds, random bytes and counter in that order", () => {
    const next = createIdGenerator({
      now: () => 1_700_000_000_999,
      random: countingBytes(),
      counterStart: 0x00abcd,
    });
    // 1_700_000_000 = 0x6553f100; random bytes 01..05; counter 0x00abcd.
    expect(next()).toBe("6553f100" + "0102030405" + "00abcd");
    expect(next()).toBe("6553f100" + "0102030405" + "00abce");
  });

  it("draws the counter start from the byte source when none is given", () => {
    const next = createIdGenerator({ now: () => 0, random: countingBytes() });
    // The first 5 bytes are the process part, the next 3 (06 07 08) the counter.
    expect(next()).toBe("00000000" + "0102030405" + "060708");
    expect(next()).toBe("00000000" + "0102030405" + "060709");
  });

  it("never decreases the timestamp part as the clock moves on", () => {
    let ms = 1_600_000_000_000;
    const next = createIdGenerator({ now: () => (ms += 250) });
    const seconds = Array.from({ length: 40 }, () =>
      Number.parseInt(next().slice(0, 8), 16),
    );
    expect(seconds[0]).toBe(1_600_000_000);
    expect(seconds.at(-1)).toBe(1_600_000_010);
    for (let i = 1; i < seconds.length; i++) {
      expect(seconds[i]).toBeGreaterThanOrEqual(seconds[i - 1] as number);
    }
  });

  it("wraps the counter from 0xffffff to 0 and stays at 24 digits", () => {
    const next = createIdGenerator({ now: () => 0, counterStart: 0xfffffe });
    const ids = [next(), next(), next(), next()];
    expect(ids.map((id) => id.slice(18))).toEqual([
      "fffffe",
      "ffffff",
      "000000",
      "000001",
    ]);
    expect(ids.every((id) => id.length === 24)).toBe(true);
  });

  it("keeps the timestamp at 4 bytes after 2106", () => {
    const next = createIdGenerator({ now: () => 0x1_0000_0005 * 1000, counterStart: 0 });
    expect(next().slice(0, 8)).toBe("00000005");
  });

  it.each([-1, 0x1000000, 1.5, Number.NaN])("rejects counterStart %s", (counterStart) => {
    expect(() => createIdGenerator({ counterStart })).toThrow(ConfigurationError);
    expect(() => createIdGenerator({ counterStart })).toThrow(/0 to 16777215/);
  });
});

describe("isObjectId", () => {
  it.each(["5d64abe2ca9df61349ed8e7c", "5D64ABE2CA9DF61349ED8E7C"])(
    "accepts %s",
    (value) => {
      expect(isObjectId(value)).toBe(true);
    },
  );

  it.each([
    ["a 23-digit string", "5d64abe2ca9df61349ed8e7"],
    ["a 25-digit string", "5d64abe2ca9df61349ed8e7c0"],
    ["a non-hex letter", "5d64abe2ca9df61349ed8e7g"],
    ["surrounding spaces", " 5d64abe2ca9df61349ed8e7c "],
    ["a number", 123],
    ["null", null],
    ["undefined", undefined],
  ])("rejects %s", (_label, value) => {
    expect(isObjectId(value)).toBe(false);
  });
});
