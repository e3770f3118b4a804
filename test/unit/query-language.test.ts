import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";

import { CellEngineError } from "../../src/handwritten/errors.js";
import {
  and,
  eq,
  hasSyntaxCharacters,
  includeFields,
  inValues,
  isQuotable,
  literal,
  quote,
} from "../../src/handwritten/query-language.js";
import { parseQuery, QuerySyntaxError } from "../support/query-server.js";
import { TRICKY_CHARACTERS } from "../support/tricky-text.js";

const casesTried: Record<string, number> = {};

afterAll(() => {
  for (const [property, count] of Object.entries(casesTried)) {
    console.log(`query language: ${property}: ${count} cases tried`);
  }
});

function count(property: string) {
  casesTried[property] = (casesTried[property] ?? 0) + 1;
}

/** Strings rich in the characters that matter to the rule. */
const trickyString = fc.oneof(
  fc.string({
    unit: fc.constantFrom(...TRICKY_CHARACTERS),
    maxLength: 12,
  }),
  fc.string({ unit: "binary", maxLength: 24 }),
  fc.string({ unit: "grapheme", maxLength: 24 }),
);

describe("query expressions", () => {
  it("writes eq, and and in in the documented form", () => {
    expect(eq("name", "PBMC T-cell panel 2024")).toBe(
      'eq(name,"PBMC T-cell panel 2024")',
    );
    expect(and(eq("filename", "Donor01_Stim.fcs"), eq("deleted", null))).toBe(
      'and(eq(filename,"Donor01_Stim.fcs"),eq(deleted,null))',
    );
    expect(inValues("name", ["Lymphocytes", "CD4+"])).toBe(
      'in(name,["Lymphocytes","CD4+"])',
    );
    expect(inValues("name", [])).toBe("in(name,[])");
  });

  it("writes null, booleans in lower case and finite numbers bare", () => {
    expect([null, true, false, 12, -1.5, 0].map(literal)).toEqual([
      "null",
      "true",
      "false",
      "12",
      "-1.5",
      "0",
    ]);
    expect(() => literal(Number.NaN)).toThrow(CellEngineError);
    expect(() => literal(Number.POSITIVE_INFINITY)).toThrow(
      "cannot be written in a query",
    );
  });

  it("refuses field names that are not plain identifiers", () => {
    expect(eq("annotations.row", "A")).toBe('eq(annotations.row,"A")');
    expect(eq("_id", "65a1f0c2e4b0a1b2c3d4e611")).toBe(
      'eq(_id,"65a1f0c2e4b0a1b2c3d4e611")',
    );
    for (const field of ["", "name)", "a b", "x,eq(y", "1st", "a..b"]) {
      expect(() => eq(field, "v"), field).toThrow("is not a field name");
    }
  });

  it("refuses an empty and()", () => {
    expect(() => and()).toThrow("and() needs at least one expression");
  });

  it("projects to the named fields", () => {
    expect(includeFields(["filename", "deleted"])).toBe("+filename,+deleted");
    expect(() => includeFields([])).toThrow(CellEngineError);
  });
});

describe("the quoting rule", () => {
  it("quotes names that cannot end or change the string", () => {
    const names = [
      "PBMC T-cell panel 2024",
      "CD4+",
      "Sample (1).fcs",
      "a,b",
      "[x]",
      "it's",
      "100% & more #1",
      "Zellzählung",
      "細胞 😀",
      "e\u0301",
      "a  b",
    ];
    for (const name of names) {
      expect(isQuotable(name), name).toBe(true);
      expect(quote(name)).toBe(`"${name}"`);
    }
  });

  it("refuses quotes, backslashes, control characters, edge spaces and emptiness", () => {
    const names = [
      "",
      " leading",
      "trailing ",
      "\u00a0nbsp",
      'say "hi"',
      "back\\slash",
      "new\nline",
      "tab\there",
      "nul\u0000",
      "del\u007f",
      "next-line\u0085",
      "line\u2028separator",
      "para\u2029separator",
      "lone \ud800 surrogate",
      "lone \udc00 surrogate",
    ];
    for (const name of names) {
      expect(isQuotable(name), JSON.stringify(name)).toBe(false);
      expect(() => quote(name)).toThrow("cannot be written in a query");
    }
  });

  it("marks the language's punctuation in a name", () => {
    expect(["a(b", "a)b", "a,b", "[a]"].map(hasSyntaxCharacters)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(hasSyntaxCharacters("Donor01_Stim.fcs")).toBe(false);
  });

  it("either writes a string that parses back to itself or refuses it", () => {
    fc.assert(
      fc.property(trickyString, (name) => {
        count("quote or refuse");
        if (!isQuotable(name)) {
          expect(() => quote(name)).toThrow(CellEngineError);
          return;
        }
        expect(parseQuery(and(eq("name", name), eq("deleted", null)))).toEqual({
          op: "and",
          args: [
            { op: "eq", field: "name", value: name },
            { op: "eq", field: "deleted", value: null },
          ],
        });
      }),
      { numRuns: 400 },
    );
  });

  it("writes lists of quotable strings that parse back to the same list", () => {
    fc.assert(
      fc.property(
        fc.array(trickyString.filter(isQuotable), { maxLength: 4 }),
        (names) => {
          count("in lists");
          expect(parseQuery(inValues("filename", names))).toEqual({
            op: "in",
            field: "filename",
            values: names,
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the test server's parser", () => {
  it("accepts spaces between tokens as the R toolkit sends them", () => {
    expect(parseQuery('eq(name, "singlets")')).toEqual({
      op: "eq",
      field: "name",
      value: "singlets",
    });
  });

  it("refuses what the documented language cannot express", () => {
    for (const text of [
      'eq(name,"a"b")',
      'eq(name,"a\\b")',
      'eq(name,"a\nb")',
      'eq(name,"open',
      "eq(name,)",
      'eq(name,"a"))',
      'near(name,"a")',
    ]) {
      expect(() => parseQuery(text), text).toThrow(QuerySyntaxError);
    }
  });
});
