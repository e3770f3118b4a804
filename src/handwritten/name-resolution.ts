/**
 * Finds experiments, folders, FCS files, attachments, compensations and populations
 * by name. The API has no by-name route, so a name is a filtered list request.
 *
 * The rule. The field is `filename` for FCS files and attachments and `name` for
 * the others. One list request with `limit=2` asks for
 * `and(eq(<field>,"<name>"),eq(deleted,null))` for the kinds that are soft-deleted
 * (experiments, folders, FCS files) and `eq(<field>,"<name>")` for the others; FCS
 * files also send `includeControls=true` so that control files are found too. The
 * query language has no escape, so the name goes inside the quotes only when it is
 * not empty, has no white space at either end, and holds no `"`, `\`, control
 * character, line or paragraph separator, or lone surrogate. Every returned item is
 * checked here for an exact, case-sensitive match (and `deleted` null where that
 * applies), and the filtered answer is trusted only when every item in it matches:
 * one is the result, two are `AmbiguousNameError`, none is `NameNotFoundError`.
 * Otherwise the resolver falls back to one list request projected to the ID and the
 * name (`fields=+<field>`, plus `+deleted` and `query=eq(deleted,null)` where
 * deletion applies), matches on the client, then gets the entity by its ID
 * (attachments have no metadata route, so that one request lists them whole). It
 * falls back when the name cannot be quoted, or would make the encoded query longer
 * than 2,000 characters; when the server returned an item that does not match
 * exactly (its matching differs from ours, so its two places may hold only
 * near-misses); and, for names holding `( ) , [ ]`, when the filtered request found
 * nothing or was refused with 400, in case the server's parser is looser than
 * documented. A lookup therefore costs one request normally and three at most, and
 * never returns an entity whose name differs from the one asked for.
 */
import type { Client } from "openapi-fetch";

import type { paths } from "../generated/schema.js";
import {
  AmbiguousNameError,
  BadRequestError,
  CellEngineError,
  ConfigurationError,
  NameNotFoundError,
} from "./errors.js";
import { NameCache, type NamedKind } from "./name-cache.js";
import {
  and,
  eq,
  hasSyntaxCharacters,
  includeFields,
  isQuotable,
  type QueryExpression,
} from "./query-language.js";
import {
  KINDS,
  type Answer,
  type Entity,
  type Fetch,
  type GetOne,
  type KindSpec,
  type ListQuery,
  type NamedEntities,
  type ResolveOptions,
} from "./name-kinds.js";
import { errorFromParsedBody } from "./response-error.js";

export { NameCache, type NamedKind } from "./name-cache.js";
export type { NamedEntities, ResolveOptions } from "./name-kinds.js";

/** Past this a URL risks a 414 from servers and proxies with 8 KB request lines. */
const MAX_ENCODED_QUERY = 2_000;

interface Lookup {
  kind: NamedKind;
  spec: KindSpec;
  name: string;
  /** The experiment for the cache and the errors; undefined for top-level kinds. */
  scope: string | undefined;
  fetch: Fetch | undefined;
}

function isEntity(value: unknown): value is Entity {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { _id?: unknown })._id === "string"
  );
}

function isExactMatch(spec: KindSpec, item: Entity, name: string): boolean {
  if (item[spec.field] !== name) return false;
  return !spec.softDeletable || item.deleted === null || item.deleted === undefined;
}

function scanQuery(spec: KindSpec): ListQuery {
  if (!spec.get) return {};
  if (!spec.softDeletable) return { fields: includeFields([spec.field]) };
  return { query: eq("deleted", null), fields: includeFields([spec.field, "deleted"]) };
}

export class NameResolver {
  readonly cache: NameCache;
  readonly #http: Client<paths>;

  constructor(http: Client<paths>, cache: NameCache = new NameCache()) {
    this.#http = http;
    this.cache = cache;
  }

  /** The entity with this name (or filename), from one list request normally. */
  async find<K extends NamedKind>(
    kind: K,
    name: string,
    options: ResolveOptions = {},
  ): Promise<NamedEntities[K]> {
    const lookup = startLookup(kind, name, options);
    const entity = await this.#settle(lookup, () => this.#findEntity(lookup));
    return entity as unknown as NamedEntities[K];
  }

  /** The ID of the entity with this name: from the cache (no request) or a lookup. */
  async resolveId<K extends NamedKind>(
    kind: K,
    name: string,
    options: ResolveOptions = {},
  ): Promise<string> {
    const lookup = startLookup(kind, name, options);
    const cached = this.cache.get(kind, lookup.scope, name);
    if (cached !== undefined) return cached;

    const entity = await this.#settle(lookup, async () => {
      return (await this.#findFiltered(lookup)) ?? (await this.#scan(lookup));
    });
    return entity._id;
  }

  /** Drops a cached ID (after a delete or rename); top-level kinds ignore the scope. */
  forgetId(kind: NamedKind, id: string, experimentId?: string): void {
    const topLevel = Object.hasOwn(KINDS, kind) && KINDS[kind].topLevel;
    this.cache.forgetId(kind, topLevel ? undefined : experimentId, id);
  }

  /** Runs a lookup and keeps the cache in step with what it found. */
  async #settle(lookup: Lookup, run: () => Promise<Entity>): Promise<Entity> {
    try {
      const entity = await run();
      this.cache.set(lookup.kind, lookup.scope, lookup.name, entity._id);
      return entity;
    } catch (error) {
      if (error instanceof NameNotFoundError || error instanceof AmbiguousNameError) {
        this.cache.forgetName(lookup.kind, lookup.scope, lookup.name);
      }
      throw error;
    }
  }

  async #findEntity(lookup: Lookup): Promise<Entity> {
    const found = await this.#findFiltered(lookup);
    if (found) return found;

    const match = await this.#scan(lookup);
    const { get } = lookup.spec;
    if (!get) return match;

    const entity = await this.#get(lookup, get, match._id);
    // Renamed or deleted between the two requests: the name no longer leads here.
    if (!isExactMatch(lookup.spec, entity, lookup.name)) throw notFound(lookup);
    return entity;
  }

  /** The match from the filtered list, or undefined when that answer cannot decide. */
  async #findFiltered(lookup: Lookup): Promise<Entity | undefined> {
    const { spec, name } = lookup;
    if (!isQuotable(name)) return undefined;

    const byName = eq(spec.field, name);
    const query = spec.softDeletable ? and(byName, eq("deleted", null)) : byName;
    if (encodeURIComponent(query).length > MAX_ENCODED_QUERY) return undefined;

    let items: Entity[];
    try {
      items = await this.#list(lookup, { query, limit: 2 });
    } catch (error) {
      // A parser looser than the documented one may refuse `( ) , [ ]` in a string;
      // the scan does not depend on the server's parser.
      if (error instanceof BadRequestError && hasSyntaxCharacters(name)) return undefined;
      throw error;
    }

    const matches = items.filter((item) => isExactMatch(spec, item, name));
    if (matches.length > 1) throw ambiguous(lookup);
    if (matches.length < items.length) return undefined;
    if (matches[0]) return matches[0];
    if (hasSyntaxCharacters(name)) return undefined;
    throw notFound(lookup);
  }

  /** The one exact match among every item of the kind, projected to ID and name. */
  async #scan(lookup: Lookup): Promise<Entity> {
    const items = await this.#list(lookup, scanQuery(lookup.spec));
    const matches = items.filter((item) => isExactMatch(lookup.spec, item, lookup.name));

    if (matches.length > 1) throw ambiguous(lookup);
    if (!matches[0]) throw notFound(lookup);
    return matches[0];
  }

  async #list(lookup: Lookup, query: ListQuery): Promise<Entity[]> {
    const { spec } = lookup;
    const experimentId = lookup.scope ?? "";
    const path = spec.path(experimentId);
    const answer = await spec.list(this.#http, experimentId, query, lookup.fetch);
    const data = checkAnswer(path, answer);

    if (!Array.isArray(data) || !data.every(isEntity)) {
      throw new CellEngineError(
        `GET ${path} did not answer with a list of ${lookup.kind}`,
      );
    }
    return data;
  }

  async #get(lookup: Lookup, get: GetOne, id: string): Promise<Entity> {
    const experimentId = lookup.scope ?? "";
    const path = `${lookup.spec.path(experimentId)}/${id}`;
    const answer = await get(this.#http, experimentId, id, lookup.fetch);
    const data = checkAnswer(path, answer);

    if (!isEntity(data))
      throw new CellEngineError(`GET ${path} did not answer with an entity`);
    return data;
  }
}

function startLookup(kind: NamedKind, name: string, options: ResolveOptions): Lookup {
  const spec = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  if (!spec) {
    throw new ConfigurationError(
      `${JSON.stringify(kind)} cannot be looked up by name; use one of ` +
        Object.keys(KINDS).join(", "),
    );
  }
  if (typeof name !== "string") {
    throw new ConfigurationError(
      `The name to look up must be a string, not ${typeof name}`,
    );
  }

  const { experimentId } = options;
  if (!spec.topLevel && (typeof experimentId !== "string" || experimentId === "")) {
    throw new ConfigurationError(
      `Looking up ${kind} by name needs the experiment that holds them: pass ` +
        "{ experimentId } (the experiment's ID; resolve it by name first if needed)",
    );
  }

  return {
    kind,
    spec,
    name,
    scope: spec.topLevel ? undefined : experimentId,
    fetch: options.fetch,
  };
}

/**
 * The data of a successful answer. A bare openapi-fetch client reports a failed
 * request as `{ error }` instead of throwing; the status decides, never whether
 * `error` is truthy, since an empty error body reads as undefined.
 */
function checkAnswer(path: string, answer: Answer): unknown {
  const { response } = answer;
  if (!response.ok) {
    throw errorFromParsedBody("GET", response.url || path, response, answer.error);
  }
  return answer.data;
}

function notFound(lookup: Lookup) {
  return new NameNotFoundError({
    kind: lookup.kind,
    name: lookup.name,
    experimentId: lookup.scope,
  });
}

function ambiguous(lookup: Lookup) {
  return new AmbiguousNameError({
    kind: lookup.kind,
    name: lookup.name,
    experimentId: lookup.scope,
  });
}
