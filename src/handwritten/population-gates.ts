/**
 * The `gates` field of a population: a boolean expression over gate gids that the API
 * takes as a JSON-encoded string, such as `{"$and":["<gid>","<gid>"]}`. Building it
 * from typed parts keeps callers away from hand-written JSON, and a string already
 * encoded is passed through untouched so it is never encoded twice.
 */
import { ConfigurationError } from "./errors.js";
import { isObjectId } from "./object-id.js";

/** A gid (24 hex digits) or a nested expression. */
export type GatePart = string | GateExpression;

export type GateExpression =
  | { readonly $and: readonly GatePart[] }
  | { readonly $or: readonly GatePart[] }
  | { readonly $xor: readonly GatePart[] }
  | { readonly $not: readonly [GatePart] };

const OPERATORS = ["$and", "$or", "$xor", "$not"] as const;
type Operator = (typeof OPERATORS)[number];

/** Events inside every part. */
export function and(...parts: GatePart[]): GateExpression {
  return { $and: parts };
}

/** Events inside at least one part. */
export function or(...parts: GatePart[]): GateExpression {
  return { $or: parts };
}

/** Events inside an odd number of the parts. */
export function xor(...parts: GatePart[]): GateExpression {
  return { $xor: parts };
}

/** Events outside the part. */
export function not(part: GatePart): GateExpression {
  return { $not: [part] };
}

function isOperator(key: string): key is Operator {
  return (OPERATORS as readonly string[]).includes(key);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

/** Checks one node and rebuilds it, so callers get a fresh, fully checked tree. */
function checkPart(value: unknown, path: string): GatePart {
  if (typeof value === "string") {
    if (!isObjectId(value)) {
      throw new ConfigurationError(
        `${path} is ${JSON.stringify(value)}, which is not a gid: a gid is 24 hex ` +
          "digits, such as a gate's `gid` or one of `model.gids` of a compound gate",
      );
    }
    return value;
  }
  return checkExpression(value, path);
}

function checkExpression(value: unknown, path: string): GateExpression {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigurationError(
      `${path} is ${describe(value)}; expected a gid or an object with one of ` +
        `${OPERATORS.join(", ")}, such as {"$and":["<gid>"]}`,
    );
  }

  const keys = Object.keys(value);
  const [key] = keys;
  if (keys.length !== 1 || key === undefined || !isOperator(key)) {
    throw new ConfigurationError(
      `${path} has the keys [${keys.join(", ")}]; expected exactly one of ` +
        OPERATORS.join(", "),
    );
  }

  const operands: unknown = (value as Record<string, unknown>)[key];
  if (!Array.isArray(operands)) {
    throw new ConfigurationError(
      `${path}.${key} is ${describe(operands)}; expected an array of gids or expressions`,
    );
  }
  if (operands.length === 0) {
    throw new ConfigurationError(`${path}.${key} is empty; give it at least one gid`);
  }

  // Negating several parts at once is ambiguous (none of them, or not all of them?),
  // so ask the caller to say which with and()/or() inside not().
  if (key === "$not" && operands.length !== 1) {
    throw new ConfigurationError(
      `${path}.$not has ${operands.length} parts; it takes one, so wrap several ` +
        "in $and or $or first",
    );
  }

  const parts = operands.map((operand, index) =>
    checkPart(operand, `${path}.${key}[${index}]`),
  );
  switch (key) {
    case "$and":
      return and(...parts);
    case "$or":
      return or(...parts);
    case "$xor":
      return xor(...parts);
    case "$not":
      return not(parts[0] as GatePart);
  }
}

/** Reads a `gates` string back into an expression; throws ConfigurationError if bad. */
export function parseGates(text: string): GateExpression {
  if (typeof text !== "string") {
    throw new ConfigurationError(`gates must be a JSON string, got ${describe(text)}`);
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const hint = isObjectId(text.trim())
      ? ` (for one gid, pass [${JSON.stringify(text.trim())}])`
      : "";
    throw new ConfigurationError(
      `gates is not valid JSON: ${(error as Error).message}${hint}`,
      { cause: error },
    );
  }

  // A string inside the JSON means the text was encoded twice (bug B23).
  if (typeof value === "string") {
    throw new ConfigurationError(
      "gates was JSON-encoded twice: it holds a string, not an object; encode it once",
    );
  }
  return checkExpression(value, "gates");
}

/**
 * The string to send as a population's `gates`. An array of gids means all of them
 * (`$and`); a string is checked and returned unchanged, never encoded again.
 */
export function toGatesString(
  gates: GateExpression | readonly string[] | string,
): string {
  if (typeof gates === "string") {
    parseGates(gates);
    return gates;
  }
  const expression = Array.isArray(gates)
    ? checkExpression({ $and: gates }, "gates")
    : checkExpression(gates, "gates");
  return JSON.stringify(expression);
}
