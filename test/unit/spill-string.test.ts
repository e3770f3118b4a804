import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { ConfigurationError } from "../../src/handwritten/errors.js";
import {
  compensationFromSpillString,
  formatSpillString,
  parseSpillString,
} from "../../src/handwritten/spill-string.js";
import { missingShared, sharedPath } from "../support/shared.js";

const TWO = "2,FL1-A,FL2-A,1,0.05,0.02,1";
const THREE = "3,Ax488-A,PE-A,APC-A,1,0.13,0,0.014,1,0.2,0,0.0001,1";

function parseError(text: string, channelNames?: string[]): ConfigurationError {
  try {
    parseSpillString(text, channelNames ? { channelNames } : {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe("parseSpillString", () => {
  it("reads a 2-channel spill string into names and a row-major matrix", () => {
    expect(parseSpillString(TWO)).toEqual({
      channels: ["FL1-A", "FL2-A"],
      spillMatrix: [1, 0.05, 0.02, 1],
    });
  });

  it("reads a 3-channel spill string into names and a row-major matrix", () => {
    expect(parseSpillString(THREE)).toEqual({
      channels: ["Ax488-A", "PE-A", "APC-A"],
      spillMatrix: [1, 0.13, 0, 0.014, 1, 0.2, 0, 0.0001, 1],
    });
  });

  it("reads exponents and signs", () => {
    const parsed = parseSpillString("2,a,b,1,-1.5e-3,+2E2,.5");
    expect(parsed.spillMatrix).toEqual([1, -0.0015, 200, 0.5]);
  });

  it("ignores white space around the text and around each value", () => {
    const text = "  \t2 , FL1-A ,FL2-A,\t1 ,0.05, 0.02 ,1 \n";
    expect(parseSpillString(text)).toEqual(parseSpillString(TWO));
  });

  it("keeps spaces inside a channel name", () => {
    expect(parseSpillString("1, FL1 Log ,1").channels).toEqual(["FL1 Log"]);
  });

  it("rejoins values wrapped across lines, even mid-token", () => {
    const wrapped = "2,FL1-A,FL2-A,\n1,0.0\r\n5,0.02,1\n";
    expect(parseSpillString(wrapped)).toEqual(parseSpillString(TWO));

    const splitName = "2,FL1-\nA,FL2-A,1,0.05,0.02,1";
    expect(parseSpillString(splitName).channels).toEqual(["FL1-A", "FL2-A"]);
  });

  it("maps Accuri-style parameter indices to $PnN names, counting from 1", () => {
    const names = ["FSC-A", "SSC-A", "FL1-A ", "FL2-A"];
    expect(parseSpillString("2,3,4,1,0.05,0.02,1", { channelNames: names })).toEqual({
      channels: ["FL1-A", "FL2-A"],
      spillMatrix: [1, 0.05, 0.02, 1],
    });
  });

  it("maps only the references that are numeric", () => {
    const names = ["FSC-A", "SSC-A", "FL1-A"];
    const parsed = parseSpillString("2,3,FL2-A,1,0,0,1", { channelNames: names });
    expect(parsed.channels).toEqual(["FL1-A", "FL2-A"]);
  });

  it("keeps numeric references as given without channel names", () => {
    expect(parseSpillString("2,3,4,1,0.05,0.02,1").channels).toEqual(["3", "4"]);
  });

  describe("rejects", () => {
    it("empty or blank text", () => {
      for (const text of ["", "  \n "]) {
        expect(parseError(text).message).toBe(
          "spill string is empty; it must start with N",
        );
      }
    });

    it("a first value that is not a whole number of at least 1", () => {
      const expected = (first: string) =>
        "spill string must start with the channel count N, a whole number of at " +
        `least 1; it starts with "${first}"`;
      for (const first of ["FL1-A", "2.0", "-2", "0", ""]) {
        expect(parseError(`${first},a,b,1,0,0,1`).message).toBe(expected(first));
      }
    });

    it("too few values for the declared channel count", () => {
      expect(parseError("3,a,b,c,1,0,0,0,1,0,0,0").message).toBe(
        "spill string declares 3 channels, so it needs 12 values after N (3 names " +
          "and 9 matrix values); it has 11. A comma used as a decimal separator " +
          "also causes this.",
      );
    });

    it("too many values, as comma decimals produce", () => {
      expect(parseError("2,FL1-A,FL2-A,1,0,05,0,02,1").message).toBe(
        "spill string declares 2 channels, so it needs 6 values after N (2 names " +
          "and 4 matrix values); it has 8. A comma used as a decimal separator " +
          "also causes this.",
      );
    });

    it("a trailing comma, which adds an empty value", () => {
      expect(parseError(`${TWO},`).message).toContain("it has 7.");
    });

    it("an empty channel name", () => {
      expect(parseError("2,FL1-A, ,1,0,0,1").message).toBe(
        "spill string channel 2 is empty",
      );
    });

    it("a matrix value that is not a finite number, naming its cell", () => {
      const cases: [string, string][] = [
        ["2,a,b,1,x,0,1", 'row 1, column 2 is "x"'],
        ["2,a,b,1,0,Infinity,1", 'row 2, column 1 is "Infinity"'],
        ["2,a,b,1,0,0,NaN", 'row 2, column 2 is "NaN"'],
        ["2,a,b,0x1,0,0,1", 'row 1, column 1 is "0x1"'],
        ["2,a,b,1,,0,1", 'row 1, column 2 is ""'],
        ["2,a,b,1,0,1e999,1", 'row 2, column 1 is "1e999"'],
      ];
      for (const [text, cell] of cases) {
        expect(parseError(text).message).toBe(
          `spill string value at ${cell}, not a finite number`,
        );
      }
    });

    it("a parameter index with no name at that position", () => {
      const names = ["FSC-A", "SSC-A"];
      for (const reference of ["3", "0"]) {
        expect(parseError(`1,${reference},1`, names).message).toBe(
          `spill string refers to parameter ${reference}, but the 2 channel names ` +
            "given have no name at that position (they count from 1)",
        );
      }
    });
  });

  const RECORDED = "api/recorded/fcsfiles.spillString.json";
  const recordedSkip = missingShared(RECORDED);

  it.skipIf(recordedSkip !== undefined)(
    `reads the recorded 14-channel spill string with a unit diagonal${
      recordedSkip ? ` (${recordedSkip})` : ""
    }`,
    () => {
      const text = JSON.parse(readFileSync(sharedPath(RECORDED), "utf8")) as string;
      const { channels, spillMatrix } = parseSpillString(text);

      expect(text.split(",")[0]).toBe("14");
      expect(channels).toHaveLength(14);
      expect(channels.slice(0, 2)).toEqual(["Ax488-A", "PE-A"]);
      expect(spillMatrix).toHaveLength(196);

      const diagonal = channels.map((_, row) => spillMatrix[row * 14 + row]);
      expect(diagonal).toEqual(Array<number>(14).fill(1));
    },
  );
});

describe("formatSpillString", () => {
  it("writes N, the names and the row-major matrix", () => {
    const text = formatSpillString({
      channels: ["FL1-A", "FL2-A"],
      spillMatrix: [1, 0.05, 0.02, 1],
    });
    expect(text).toBe(TWO);
  });

  it("round-trips through parseSpillString without losing precision", () => {
    const matrix = {
      channels: ["Ax488-A", "PE-A", "APC-A"],
      spillMatrix: [1, 0.13275251154306414, 0, 1e-7, 1, -0.2, 0, 0.1 + 0.2, 1],
    };
    expect(parseSpillString(formatSpillString(matrix))).toEqual(matrix);
    expect(formatSpillString(parseSpillString(THREE))).toBe(THREE);
  });

  it("rejects an empty channel list", () => {
    expect(() => formatSpillString({ channels: [], spillMatrix: [] })).toThrow(
      new ConfigurationError("a spill matrix needs at least 1 channel; it has none"),
    );
  });

  it("rejects a matrix whose length is not the square of the channel count", () => {
    expect(() =>
      formatSpillString({ channels: ["a", "b"], spillMatrix: [1, 0, 1] }),
    ).toThrow(
      new ConfigurationError("a spill matrix for 2 channels needs 4 values; it has 3"),
    );
  });

  it("rejects a value that is not finite, naming its cell", () => {
    expect(() =>
      formatSpillString({ channels: ["a", "b"], spillMatrix: [1, 0, NaN, 1] }),
    ).toThrow(
      new ConfigurationError(
        "spill matrix value at row 2, column 1 is NaN, not a finite number",
      ),
    );
  });

  it("rejects names that would not read back as one channel", () => {
    for (const name of ["", " ", "FL1,A", "FL1\nA"]) {
      expect(() =>
        formatSpillString({ channels: ["a", name], spillMatrix: [1, 0, 0, 1] }),
      ).toThrow(
        new ConfigurationError(
          `channel 2 (${JSON.stringify(name)}) cannot be written to a spill string: ` +
            "names must be non-empty and hold no comma or line break",
        ),
      );
    }
  });
});

describe("compensationFromSpillString", () => {
  it("builds the body for creating a compensation", () => {
    expect(compensationFromSpillString(TWO, "Comp 1")).toEqual({
      name: "Comp 1",
      channels: ["FL1-A", "FL2-A"],
      spillMatrix: [1, 0.05, 0.02, 1],
    });
  });

  it("passes channel names on for numeric references", () => {
    const body = compensationFromSpillString("1,2,1", "Accuri", {
      channelNames: ["FSC-A", "FL1-A"],
    });
    expect(body).toEqual({ name: "Accuri", channels: ["FL1-A"], spillMatrix: [1] });
  });

  it("rejects a malformed spill string the same way parsing does", () => {
    expect(() => compensationFromSpillString("2,a,b,1", "Comp 1")).toThrow(
      ConfigurationError,
    );
  });
});
