import { describe, expect, it } from "vitest";

import { CellEngineError, ConfigurationError } from "../../src/handwritten/errors.js";
import {
  and,
  not,
  or,
  parseGates,
  toGatesString,
  xor,
  type GateExpression,
} from "../../src/handwritten/population-gates.js";

const A = "5d64abe2ca9df61349ed8e7a";
const B = "5d64abe2ca9df61349ed8e7b";
const C = "5d64abe2ca9df61349ed8e7c";
const D = "5d64abe2ca9df61349ed8e7d";

function errorFrom(action: () => unknown): ConfigurationError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toBeInstanceOf(CellEngineError);
    return error as ConfigurationError;
  }
  throw new Error("expected a ConfigurationError");
}

describe("toGatesString", () => {
  it("encodes an array of gids as $and of them", () => {
    expect(toGatesString([A, B])).toBe(`{"$and":["${A}","${B}"]}`);
  });

  it("encodes one gid in an array", () => {
    expect(toGatesString([A])).toBe(`{"$and":["${A}"]}`);
  });

  it.each([
    ["and", and(A, B), `{"$and":["${A}","${B}"]}`],
    ["or", or(A, B), `{"$or":["${A}","${B}"]}`],
    ["xor", xor(A, B), `{"$xor":["${A}","${B}"]}`],
    ["not", not(A), `{"$not":["${A}"]}`],
  ])("encodes a simple %s", (_label, expression, expected) => {
    expect(toGatesString(expression)).toBe(expected);
  });

  it("encodes nested expressions in order", () => {
    const expression = and(A, or(B, not(C)), xor(C, D));
    expect(toGatesString(expression)).toBe(
      `{"$and":["${A}",{"$or":["${B}",{"$not":["${C}"]}]},{"$xor":["${C}","${D}"]}]}`,
    );
  });

  it("accepts a plain object written by hand", () => {
    expect(toGatesString({ $or: [A, { $and: [B, C] }] })).toBe(
      `{"$or":["${A}",{"$and":["${B}","${C}"]}]}`,
    );
  });

  it("returns an already-encoded string unchanged, not encoded twice (B23)", () => {
    const once = `{"$and":["${A}"]}`;
    expect(toGatesString(once)).toBe(once);
    expect(toGatesString(toGatesString(once))).toBe(once);
  });

  it("keeps the caller's spacing in an encoded string", () => {
    const spaced = `{ "$and": [ "${A}", "${B}" ] }`;
    expect(toGatesString(spaced)).toBe(spaced);
  });

  it("rejects a string that was encoded twice (B23)", () => {
    const twice = JSON.stringify(`{"$and":["${A}"]}`);
    expect(errorFrom(() => toGatesString(twice)).message).toBe(
      "gates was JSON-encoded twice: it holds a string, not an object; encode it once",
    );
  });

  it("rejects a bare gid string and says to wrap it in an array", () => {
    const message = errorFrom(() => toGatesString(A)).message;
    expect(message).toMatch(/^gates is not valid JSON: /);
    expect(message).toContain(`(for one gid, pass ["${A}"])`);
  });

  it("names the gid that is not 24 hex digits and where it is", () => {
    expect(errorFrom(() => toGatesString([A, "CD3+"])).message).toBe(
      'gates.$and[1] is "CD3+", which is not a gid: a gid is 24 hex digits, such as ' +
        "a gate's `gid` or one of `model.gids` of a compound gate",
    );
  });

  it("names a bad gid deep inside an expression", () => {
    const expression = and(A, or(B, not("5d64abe2ca9df61349ed8e7")));
    expect(errorFrom(() => toGatesString(expression)).message).toMatch(
      /^gates\.\$and\[1\]\.\$or\[1\]\.\$not\[0\] is "5d64abe2ca9df61349ed8e7", /,
    );
  });

  it("rejects an empty array of gids", () => {
    expect(errorFrom(() => toGatesString([])).message).toBe(
      "gates.$and is empty; give it at least one gid",
    );
  });

  it("rejects an object whose key is not an operator", () => {
    const bad = { $nand: [A] } as unknown as GateExpression;
    expect(errorFrom(() => toGatesString(bad)).message).toBe(
      "gates has the keys [$nand]; expected exactly one of $and, $or, $xor, $not",
    );
  });
});

describe("parseGates", () => {
  it("reads a simple $and", () => {
    expect(parseGates(`{"$and":["${A}","${B}"]}`)).toEqual({ $and: [A, B] });
  });

  it("reads nested operators", () => {
    expect(parseGates(`{"$or":["${A}",{"$not":[{"$xor":["${B}","${C}"]}]}]}`)).toEqual(
      or(A, not(xor(B, C))),
    );
  });

  it.each([
    ["an array of gids", [A, B, C]],
    ["a simple not", not(A)],
    ["a nested tree", and(A, or(B, not(C)), xor(C, D))],
    ["a deep chain", not(not(and(or(xor(A, B)))))],
  ])("round-trips %s", (_label, input) => {
    const text = toGatesString(input);
    const expression = parseGates(text);
    expect(toGatesString(expression)).toBe(text);
    expect(parseGates(toGatesString(expression))).toEqual(expression);
  });

  it.each([
    ["text that is not JSON", "{$and:[]}", /^gates is not valid JSON: /],
    ["an empty string", "", /^gates is not valid JSON: /],
    ["a JSON array", `["${A}"]`, /^gates is an array; expected a gid or an object/],
    ["JSON null", "null", /^gates is null; expected a gid or an object/],
    ["a number", "42", /^gates is number 42; expected a gid or an object/],
    ["two operators", `{"$and":["${A}"],"$or":["${B}"]}`, /keys \[\$and, \$or\]/],
    ["no operator", "{}", /^gates has the keys \[\]; expected exactly one of/],
    ["a MongoDB-style $nor", `{"$nor":["${A}"]}`, /keys \[\$nor\]/],
    [
      "operands that are not an array",
      `{"$and":"${A}"}`,
      /^gates\.\$and is ".+"; expected an array/,
    ],
    ["an empty $or", `{"$and":["${A}",{"$or":[]}]}`, /^gates\.\$and\[1\]\.\$or is empty/],
    [
      "$not with two parts",
      `{"$not":["${A}","${B}"]}`,
      /^gates\.\$not has 2 parts; it takes one/,
    ],
    [
      "a number as a gid",
      `{"$and":[7]}`,
      /^gates\.\$and\[0\] is number 7; expected a gid/,
    ],
    ["null as a gid", `{"$and":[null]}`, /^gates\.\$and\[0\] is null; expected a gid/],
    [
      "a 25-digit gid",
      `{"$and":["${A}0"]}`,
      /^gates\.\$and\[0\] is ".{25}", which is not a gid/,
    ],
  ])("rejects %s", (_label, text, message) => {
    expect(errorFrom(() => parseGates(text)).message).toMatch(message);
  });

  it("keeps the JSON parser's error as the cause", () => {
    expect(errorFrom(() => parseGates("{")).cause).toBeInstanceOf(SyntaxError);
  });

  it("rejects a value that is not a string", () => {
    const notText = { $and: [A] } as unknown as string;
    expect(errorFrom(() => parseGates(notText)).message).toBe(
      "gates must be a JSON string, got an object",
    );
  });
});
