/**
 * Client-side ids in the server's ObjectId layout: 4 bytes of epoch seconds, 5 random
 * bytes drawn once per generator, and a 3-byte counter, as 24 lowercase hex digits.
 * Gates need them because the client, not the server, chooses a new gate's `gid`.
 */
import { ConfigurationError } from "./errors.js";

const COUNTER_MAX = 0xffffff;
const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/i;

export interface IdGeneratorOptions {
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /** Fills the array with random bytes; defaults to Web Crypto `getRandomValues`. */
  random?: (bytes: Uint8Array) => Uint8Array;
  /** The first counter value, 0 to 0xffffff; random when omitted. */
  counterStart?: number;
}

/** True for a 24-hex-digit string, the shape of every CellEngine id and gid. */
export function isObjectId(value: unknown): value is string {
  return typeof value === "string" && OBJECT_ID_PATTERN.test(value);
}

function fillRandom(bytes: Uint8Array): Uint8Array {
  return globalThis.crypto.getRandomValues(bytes);
}

function toHex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, "0");
}

function checkCounterStart(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > COUNTER_MAX) {
    throw new ConfigurationError(
      `counterStart must be an integer from 0 to ${COUNTER_MAX} (0xffffff), ` +
        `got ${String(value)}`,
    );
  }
  return value;
}

/** Makes an id generator; tests pass a clock, a byte source and a counter start. */
export function createIdGenerator(options: IdGeneratorOptions = {}): () => string {
  const now = options.now ?? Date.now;
  const random = options.random ?? fillRandom;
  const start = options.counterStart;
  if (start !== undefined) checkCounterStart(start);

  // Drawn on first use rather than at import, so importing the module has no effects.
  let processPart: string | undefined;
  let counter: number | undefined = start;

  return function generateId(): string {
    if (processPart === undefined) {
      processPart = Array.from(random(new Uint8Array(5)), (b) => toHex(b, 2)).join("");
    }
    if (counter === undefined) {
      const [a = 0, b = 0, c = 0] = random(new Uint8Array(3));
      counter = (a << 16) | (b << 8) | c;
    }

    // Modulo keeps the field at 4 bytes even past 2106, when seconds outgrow 32 bits.
    const seconds = Math.floor(now() / 1000) % 0x1_0000_0000;
    const id = toHex(seconds, 8) + processPart + toHex(counter, 6);

    // Wrapping is what keeps the id at 24 digits; the R toolkit let it grow (its
    // generateId.R never reset the counter in the enclosing scope).
    counter = counter === COUNTER_MAX ? 0 : counter + 1;
    return id;
  };
}

/** A new ObjectId-like id, e.g. a `gid` for a gate about to be created. */
export const generateId: () => string = createIdGenerator();
