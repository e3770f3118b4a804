/**
 * The spill string an FCS file carries (`FcsFile.spillString`):
 * `N,ch1,…,chN,v11,v12,…,vNN`, the matrix row-major. Parsing is strict because a
 * wrong guess here silently miscompensates every event (bug notes B33).
 */
import type { components } from "../generated/schema.js";
import { ConfigurationError } from "./errors.js";

export interface SpillMatrix {
  /** Channel names in the order of the matrix rows and columns. */
  channels: string[];
  /** Row-major N×N values, N being the number of channels. */
  spillMatrix: number[];
}

export interface ParseSpillStringOptions {
  /**
   * The file's `$PnN` names, parameter 1 first. Some instruments (Accuri) write
   * parameter indices instead of names; given this list, such references become names.
   */
  channelNames?: readonly string[];
}

// A plain decimal: `Number()` alone would also take "", "0x1f" and "Infinity".
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseSpillString(
  text: string,
  options: ParseSpillStringOptions = {},
): SpillMatrix {
  // Long keyword values get wrapped, sometimes mid-number, so a line break is never
  // content: dropping it rejoins the token it split.
  const parts = text
    .replace(/[\r\n]+/g, "")
    .split(",")
    .map((part) => part.trim());
  if (parts.length === 1 && parts[0] === "") {
    throw new ConfigurationError("spill string is empty; it must start with N");
  }

  const count = parseChannelCount(parts[0] ?? "");
  const after = parts.length - 1;
  if (after !== count + count * count) {
    throw new ConfigurationError(
      `spill string declares ${count} channels, so it needs ${count + count * count} ` +
        `values after N (${count} names and ${count * count} matrix values); it has ` +
        `${after}. A comma used as a decimal separator also causes this.`,
    );
  }

  const channels = parts.slice(1, 1 + count).map((channel, index) => {
    if (channel === "") {
      throw new ConfigurationError(`spill string channel ${index + 1} is empty`);
    }
    return resolveChannel(channel, options.channelNames);
  });

  const spillMatrix = parts.slice(1 + count).map((value, index) => {
    if (!DECIMAL.test(value) || !Number.isFinite(Number(value))) {
      throw new ConfigurationError(
        `spill string value at ${describeCell(index, count)} is ` +
          `${JSON.stringify(value)}, not a finite number`,
      );
    }
    return Number(value);
  });

  return { channels, spillMatrix };
}

export function formatSpillString({ channels, spillMatrix }: SpillMatrix): string {
  if (channels.length === 0) {
    throw new ConfigurationError("a spill matrix needs at least 1 channel; it has none");
  }

  channels.forEach((channel, index) => {
    // A comma or line break in a name would change the channel count on reading.
    if (channel.trim() === "" || /[,\r\n]/.test(channel)) {
      throw new ConfigurationError(
        `channel ${index + 1} (${JSON.stringify(channel)}) cannot be written to a ` +
          "spill string: names must be non-empty and hold no comma or line break",
      );
    }
  });

  const count = channels.length;
  if (spillMatrix.length !== count * count) {
    throw new ConfigurationError(
      `a spill matrix for ${count} channels needs ${count * count} values; ` +
        `it has ${spillMatrix.length}`,
    );
  }

  spillMatrix.forEach((value, index) => {
    if (!Number.isFinite(value)) {
      throw new ConfigurationError(
        `spill matrix value at ${describeCell(index, count)} is ${value}, ` +
          "not a finite number",
      );
    }
  });

  // String() gives the shortest text that reads back as the same double.
  return [String(count), ...channels, ...spillMatrix.map(String)].join(",");
}

export function compensationFromSpillString(
  text: string,
  name: string,
  options: ParseSpillStringOptions = {},
): components["schemas"]["CompensationCreate"] {
  const { channels, spillMatrix } = parseSpillString(text, options);
  return { name, channels, spillMatrix };
}

function parseChannelCount(first: string): number {
  const count = /^\d+$/.test(first) ? Number(first) : NaN;
  if (!(count >= 1)) {
    throw new ConfigurationError(
      "spill string must start with the channel count N, a whole number of at " +
        `least 1; it starts with ${JSON.stringify(first)}`,
    );
  }
  return count;
}

function resolveChannel(channel: string, names: readonly string[] | undefined) {
  if (names === undefined || !/^\d+$/.test(channel)) return channel;

  const name = names[Number(channel) - 1]?.trim();
  if (name === undefined || name === "") {
    throw new ConfigurationError(
      `spill string refers to parameter ${channel}, but the ${names.length} ` +
        "channel names given have no name at that position (they count from 1)",
    );
  }
  return name;
}

function describeCell(index: number, count: number): string {
  return `row ${Math.floor(index / count) + 1}, column ${(index % count) + 1}`;
}
