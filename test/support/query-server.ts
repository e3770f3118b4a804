/**
 * A small CellEngine stand-in on 127.0.0.1 that evaluates the list query language
 * as documented: `eq`, `and`, `or`, `in`; strings in double quotes with no escapes;
 * `null`, `true`, `false` and numbers; plus `fields` and `limit`. It serves the list
 * and get-by-ID routes of the six kinds that can be looked up by name.
 *
 * It is strict where the real language is undocumented: a backslash or a control
 * character inside a string is answered with 400, so a client that sends one fails
 * its tests. Options make it behave like a server whose matching or parsing is
 * looser than documented, to test that a client never trusts it blindly.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Literal = string | number | boolean | null;

export type QueryNode =
  | { op: "eq"; field: string; value: Literal }
  | { op: "in"; field: string; values: Literal[] }
  | { op: "and" | "or"; args: QueryNode[] };

export class QuerySyntaxError extends Error {}

type Token =
  | { type: "punct"; value: "(" | ")" | "," | "[" | "]" }
  | { type: "word"; value: string }
  | { type: "string"; value: string }
  | { type: "number"; value: number };

const WORD = /[A-Za-z_$][A-Za-z0-9_$.]*/y;
const NUMBER = /-?\d+(\.\d+)?/y;
const CONTROL = /\p{Cc}/u;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;

  while (at < text.length) {
    const char = text[at]!;
    if (char === " ") {
      at += 1;
    } else if ("(),[]".includes(char)) {
      tokens.push({ type: "punct", value: char as "(" });
      at += 1;
    } else if (char === '"') {
      const end = text.indexOf('"', at + 1);
      if (end < 0) throw new QuerySyntaxError(`unterminated string at ${at}`);
      const value = text.slice(at + 1, end);
      if (value.includes("\\") || CONTROL.test(value)) {
        throw new QuerySyntaxError(
          `a string holds a character with no documented meaning`,
        );
      }
      tokens.push({ type: "string", value });
      at = end + 1;
    } else {
      WORD.lastIndex = at;
      NUMBER.lastIndex = at;
      const word = WORD.exec(text);
      const number = word ? null : NUMBER.exec(text);
      if (word) tokens.push({ type: "word", value: word[0] });
      else if (number) tokens.push({ type: "number", value: Number(number[0]) });
      else throw new QuerySyntaxError(`unexpected ${JSON.stringify(char)} at ${at}`);
      at += (word ?? number)![0].length;
    }
  }
  return tokens;
}

/** Parses one expression; throws `QuerySyntaxError` for anything else. */
export function parseQuery(text: string): QueryNode {
  const tokens = tokenize(text);
  let at = 0;

  const next = () => {
    const token = tokens[at++];
    if (!token) throw new QuerySyntaxError("the expression ends early");
    return token;
  };
  const expect = (value: string) => {
    const token = next();
    if (token.type !== "punct" || token.value !== value) {
      throw new QuerySyntaxError(`expected ${value}`);
    }
  };
  const peekPunct = (value: string) => {
    const token = tokens[at];
    return token?.type === "punct" && token.value === value;
  };

  const field = () => {
    const token = next();
    if (token.type !== "word" || ["null", "true", "false"].includes(token.value)) {
      throw new QuerySyntaxError("expected a field name");
    }
    return token.value;
  };
  const literal = (): Literal => {
    const token = next();
    if (token.type === "string" || token.type === "number") return token.value;
    if (token.type === "word" && token.value === "null") return null;
    if (token.type === "word" && token.value === "true") return true;
    if (token.type === "word" && token.value === "false") return false;
    throw new QuerySyntaxError("expected a value");
  };
  const list = (): Literal[] => {
    expect("[");
    const values: Literal[] = [];
    if (peekPunct("]")) return (next(), values);
    for (;;) {
      values.push(literal());
      if (peekPunct("]")) return (next(), values);
      expect(",");
    }
  };

  const expression = (): QueryNode => {
    const op = next();
    if (op.type !== "word") throw new QuerySyntaxError("expected an operator");
    expect("(");
    let node: QueryNode;
    if (op.value === "eq") {
      const name = field();
      expect(",");
      node = { op: "eq", field: name, value: literal() };
    } else if (op.value === "in") {
      const name = field();
      expect(",");
      node = { op: "in", field: name, values: list() };
    } else if (op.value === "and" || op.value === "or") {
      const args = [expression()];
      while (peekPunct(",")) {
        next();
        args.push(expression());
      }
      node = { op: op.value, args };
    } else {
      throw new QuerySyntaxError(`unknown operator ${op.value}`);
    }
    expect(")");
    return node;
  };

  const node = expression();
  if (at !== tokens.length) throw new QuerySyntaxError("text after the expression");
  return node;
}

export interface QueryServerOptions {
  /**
   * How `eq`/`in` compare strings. The documented language compares exactly;
   * `trimmed` ignores surrounding space on both sides, `trims-literal` is a
   * tokenizer that trims the quoted string only.
   */
  collation?: "exact" | "case-insensitive" | "trimmed" | "trims-literal";
  /** A server that ignores `eq(deleted,null)`, as a careless one might. */
  ignoreDeletedFilter?: boolean;
  /**
   * What a quoted string holding `( ) , [ ]` does: work as documented, match
   * nothing, or be refused with 400, as a looser parser might.
   */
  syntaxCharacters?: "parsed" | "empty" | "reject";
}

export type Item = { _id: string } & Record<string, unknown>;

function sameString(a: string, b: string, collation: QueryServerOptions["collation"]) {
  if (collation === "case-insensitive") return a.toLowerCase() === b.toLowerCase();
  if (collation === "trimmed") return a.trim() === b.trim();
  if (collation === "trims-literal") return a === b.trim();
  return a === b;
}

function equals(stored: unknown, value: Literal, options: QueryServerOptions) {
  if (value === null) return stored === null || stored === undefined;
  if (typeof value === "string" && typeof stored === "string") {
    return sameString(stored, value, options.collation);
  }
  return stored === value;
}

function readField(item: Item, path: string): unknown {
  let value: unknown = item;
  for (const key of path.split(".")) {
    value =
      typeof value === "object" && value !== null ? (value as Item)[key] : undefined;
  }
  return value;
}

export function evaluateQuery(
  node: QueryNode,
  item: Item,
  options: QueryServerOptions = {},
): boolean {
  switch (node.op) {
    case "eq":
      if (options.ignoreDeletedFilter && node.field === "deleted") return true;
      return equals(readField(item, node.field), node.value, options);
    case "in":
      return node.values.some((value) =>
        equals(readField(item, node.field), value, options),
      );
    case "and":
      return node.args.every((arg) => evaluateQuery(arg, item, options));
    case "or":
      return node.args.some((arg) => evaluateQuery(arg, item, options));
  }
}

function stringsOf(node: QueryNode): string[] {
  if (node.op === "eq") return typeof node.value === "string" ? [node.value] : [];
  if (node.op === "in")
    return node.values.filter((v): v is string => typeof v === "string");
  return node.args.flatMap(stringsOf);
}

function project(item: Item, fields: string | null): Item {
  if (fields === null) return item;

  const parts = fields.split(",");
  const included = parts.filter((part) => part.startsWith("+")).map((p) => p.slice(1));
  const excluded = parts.filter((part) => part.startsWith("-")).map((p) => p.slice(1));
  if (included.length + excluded.length !== parts.length) {
    throw new QuerySyntaxError("fields must be +name or -name");
  }
  if (included.length > 0 && excluded.length > 0) {
    throw new QuerySyntaxError("fields cannot both include and exclude");
  }

  const keep = (key: string) =>
    key === "_id" ||
    (included.length > 0 ? included.includes(key) : !excluded.includes(key));
  return Object.fromEntries(Object.entries(item).filter(([key]) => keep(key))) as Item;
}

export interface QueryServer {
  readonly url: string;
  /** Every request received, as `METHOD /path?query` exactly as it arrived. */
  readonly requests: string[];
  configure(options: QueryServerOptions): void;
  /** `experiments`, `folders`, or `<experimentId>/<kind>` for the others. */
  setItems(collection: string, items: Item[]): void;
  /** Forgets the items, the requests and the options. */
  reset(): void;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

export async function startQueryServer(): Promise<QueryServer> {
  const collections = new Map<string, Item[]>();
  const requests: string[] = [];
  let options: QueryServerOptions = {};

  const list = (collection: string, kind: string, query: URLSearchParams) => {
    let items = collections.get(collection) ?? [];
    if (kind === "fcsfiles" && query.get("includeControls") !== "true") {
      items = items.filter((item) => item.isControl !== true);
    }

    const expression = query.get("query");
    if (expression !== null) {
      const node = parseQuery(expression);
      const strings = stringsOf(node);
      const loose = strings.some((value) => /[(),[\]]/.test(value));
      if (loose && options.syntaxCharacters === "reject") {
        throw new QuerySyntaxError("unexpected character in a string");
      }
      if (loose && options.syntaxCharacters === "empty") return [];
      items = items.filter((item) => evaluateQuery(node, item, options));
    }

    const limit = query.get("limit");
    if (limit !== null) {
      if (!/^[1-9]\d*$/.test(limit)) throw new QuerySyntaxError("limit must be positive");
      items = items.slice(0, Number(limit));
    }
    return items.map((item) => project(item, query.get("fields")));
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    requests.push(`${request.method} ${request.url}`);
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const segments = url.pathname.split("/").slice(1).map(decodeURIComponent);
    if (request.method !== "GET" || segments[0] !== "api" || segments[1] !== "v1") {
      return send(response, 404, { error: "Not found" });
    }

    const [top, first, kind, second] = segments.slice(2);
    const collection = kind === undefined ? (top ?? "") : `${first ?? ""}/${kind}`;
    const id = kind === undefined ? first : second;
    try {
      if (id === undefined) {
        return send(response, 200, list(collection, kind ?? "", url.searchParams));
      }
      const item = (collections.get(collection) ?? []).find((entry) => entry._id === id);
      if (!item || segments.length > (kind === undefined ? 4 : 6)) {
        return send(response, 404, { error: "Not found" });
      }
      if (kind === "attachments") {
        // As on the real server, the GET of an attachment is its file, not metadata.
        response.writeHead(200, { "content-type": "application/octet-stream" });
        return response.end("attachment bytes");
      }
      return send(response, 200, item);
    } catch (error) {
      if (error instanceof QuerySyntaxError) {
        return send(response, 400, { error: error.message });
      }
      throw error;
    }
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    configure(next) {
      options = { ...next };
    },
    setItems(collection, items) {
      collections.set(collection, items);
    },
    reset() {
      collections.clear();
      requests.length = 0;
      options = {};
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
