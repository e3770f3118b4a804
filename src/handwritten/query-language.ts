/**
 * Builds the filter expressions that list routes take in `query`, and the `fields`
 * projection. The language, as far as it is documented: `eq(field,value)`,
 * `and(a,b,…)`, `in(field,[v,…])`; strings in double quotes; `null`, `true`,
 * `false` and numbers bare; `null` matches a null or missing field.
 *
 * The language documents no escape inside a string, so a string can be written only
 * when nothing in it could end it early or be read differently by another parser.
 * `isQuotable` is that rule; `quote` refuses anything else rather than build an
 * expression that means something other than what was asked. Expressions are a
 * branded string type so that `and` only ever combines expressions built here.
 */
import { CellEngineError } from "./errors.js";

declare const expressionBrand: unique symbol;

/** A filter expression built by this module; pass it as the `query` parameter. */
export type QueryExpression = string & { readonly [expressionBrand]: true };

export type QueryLiteral = string | number | boolean | null;

/**
 * A quote or a backslash could end the string or start an escape some parser
 * honours; control characters and line separators may be stripped or split on.
 * `\p{Cs}` under the `u` flag matches only lone surrogates, which cannot be
 * URL-encoded at all.
 */
const UNSAFE_IN_STRING = /["\\\p{Cc}\p{Zl}\p{Zp}\p{Cs}]/u;

/** Characters with a meaning outside strings: a looser parser might act on them. */
const SYNTAX_CHARACTERS = /[(),[\]]/;

const FIELD = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;

/**
 * Whether `value` can be written as `"value"` and mean exactly itself: not empty,
 * no white space at either end (a parser that trims tokens would change it), and
 * no quote, backslash, control character, line separator or lone surrogate.
 */
export function isQuotable(value: string): boolean {
  if (value === "" || value.trim() !== value) return false;
  return !UNSAFE_IN_STRING.test(value);
}

/** Whether a quotable value holds `( ) , [ ]`, the language's own punctuation. */
export function hasSyntaxCharacters(value: string): boolean {
  return SYNTAX_CHARACTERS.test(value);
}

/** `"value"`; throws for a value `isQuotable` rejects. */
export function quote(value: string): string {
  if (!isQuotable(value)) {
    throw new CellEngineError(
      `${JSON.stringify(value)} cannot be written in a query: the query language has ` +
        "no escape for quotes, backslashes, control characters or surrounding spaces",
    );
  }
  return `"${value}"`;
}

/** A literal: a quoted string, a finite number, `true`/`false` or `null`. */
export function literal(value: QueryLiteral): string {
  if (value === null) return "null";
  if (typeof value === "string") return quote(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new CellEngineError(`${String(value)} cannot be written in a query`);
}

function checkField(field: string): string {
  if (!FIELD.test(field)) {
    throw new CellEngineError(`${JSON.stringify(field)} is not a field name`);
  }
  return field;
}

/** `eq(field,value)`: the field equals the value (`null`: is null or missing). */
export function eq(field: string, value: QueryLiteral): QueryExpression {
  return `eq(${checkField(field)},${literal(value)})` as QueryExpression;
}

/** `in(field,[a,b,…])`: the field equals one of the values. */
export function inValues(
  field: string,
  values: readonly QueryLiteral[],
): QueryExpression {
  return `in(${checkField(field)},[${values.map(literal).join(",")}])` as QueryExpression;
}

/** `and(a,b,…)`: every expression holds. */
export function and(...expressions: QueryExpression[]): QueryExpression {
  if (expressions.length === 0) {
    throw new CellEngineError("and() needs at least one expression");
  }
  return `and(${expressions.join(",")})` as QueryExpression;
}

/** The `fields` value that returns only these fields (and `_id`): `+a,+b`. */
export function includeFields(fields: readonly string[]): string {
  if (fields.length === 0) throw new CellEngineError("includeFields() needs a field");
  return fields.map((field) => `+${checkField(field)}`).join(",");
}
