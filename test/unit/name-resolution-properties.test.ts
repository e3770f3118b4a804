/**
 * Properties of name resolution against a server that really evaluates the query
 * language (`test/support/query-server.ts`): arbitrary names among near-duplicates
 * resolve to exactly the right item, or fail with the right error, whether the
 * server matches as documented or more loosely.
 */
import fc from "fast-check";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { paths } from "../../src/generated/schema.js";
import { AmbiguousNameError, NameNotFoundError } from "../../src/handwritten/errors.js";
import { NameResolver, type NamedKind } from "../../src/handwritten/name-resolution.js";
import { hasSyntaxCharacters, isQuotable } from "../../src/handwritten/query-language.js";
import {
  startQueryServer,
  type Item,
  type QueryServer,
  type QueryServerOptions,
} from "../support/query-server.js";
import { TRICKY_CHARACTERS } from "../support/tricky-text.js";

const EXPERIMENT_ID = "65a1f0c2e4b0a1b2c3d4e5f6";
const KINDS: NamedKind[] = [
  "experiments",
  "folders",
  "fcsfiles",
  "attachments",
  "compensations",
  "populations",
];
const FIELD: Record<NamedKind, "name" | "filename"> = {
  experiments: "name",
  folders: "name",
  fcsfiles: "filename",
  attachments: "filename",
  compensations: "name",
  populations: "name",
};
const SOFT_DELETED = new Set<NamedKind>(["experiments", "folders", "fcsfiles"]);

let server: QueryServer;
const tried = { present: 0, absent: 0, ambiguous: 0, quotable: 0, scanned: 0, cached: 0 };

beforeAll(async () => {
  server = await startQueryServer();
});

afterAll(async () => {
  await server.close();
  const total = tried.present + tried.absent + tried.ambiguous;
  console.log(
    `name resolution: ${total} cases tried (${tried.present} present, ` +
      `${tried.absent} absent, ${tried.ambiguous} ambiguous; ` +
      `${tried.quotable} quotable names, ${tried.scanned} lookups that scanned)`,
  );
  console.log(`name resolution: ${tried.cached} cache cases tried`);
});

const trickyCharacter = fc.constantFrom(...TRICKY_CHARACTERS);

const nameArbitrary = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: trickyCharacter, maxLength: 10 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 16 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 16 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 200, maxLength: 600 }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      " ",
      " lead",
      "trail ",
      '"',
      "\\",
      "()",
      "Sample (1).fcs",
    ),
  },
);

/** Names a careless match could confuse with `name`; never equal to it. */
function nearDuplicates(name: string): string[] {
  const variants = [
    name.toUpperCase(),
    name.toLowerCase(),
    ` ${name}`,
    `${name} `,
    `${name}x`,
    `x${name}`,
    name.slice(0, -1),
    name.slice(1),
    name.normalize("NFD"),
    name.normalize("NFC"),
    name.replaceAll('"', ""),
    name.replaceAll("\\", ""),
    `${name}"`,
    `${name})`,
    `${name}\\`,
    `${name.replaceAll(" ", "  ")}`,
  ];
  return [...new Set(variants)].filter((variant) => variant !== name);
}

const serverOptions: fc.Arbitrary<QueryServerOptions> = fc.record({
  collation: fc.constantFrom(
    "exact",
    "exact",
    "case-insensitive",
    "trimmed",
    "trims-literal",
  ),
  syntaxCharacters: fc.constantFrom("parsed", "parsed", "empty", "reject"),
  ignoreDeletedFilter: fc.boolean(),
});

const scenario = fc.record({
  kind: fc.constantFrom(...KINDS),
  name: nameArbitrary,
  outcome: fc.constantFrom("present", "present", "absent", "ambiguous"),
  options: serverOptions,
  decoyCount: fc.nat({ max: 16 }),
  deletedCopies: fc.nat({ max: 2 }),
  targetIsControl: fc.boolean(),
  seed: fc.integer(),
});

/**
 * Requests for one find plus one resolveId on a server that behaves as documented:
 * one each for a quotable name, a second each to double-check an empty answer for a
 * name with punctuation, and a scan each (plus the entity's GET for find, where the
 * kind has one) for a name that cannot be quoted.
 */
function documentedCost(kind: NamedKind, name: string, outcome: string): number {
  if (isQuotable(name)) return outcome === "absent" && hasSyntaxCharacters(name) ? 4 : 2;
  return outcome === "present" && kind !== "attachments" ? 3 : 2;
}

function idOf(n: number) {
  return `65a1f0c2e4b0a1b2c3d4${n.toString(16).padStart(4, "0")}`;
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function entity(
  kind: NamedKind,
  n: number,
  name: string,
  extra: Partial<Item> = {},
): Item {
  const base: Item = { _id: idOf(n), [FIELD[kind]]: name };
  if (kind !== "experiments" && kind !== "folders") base.experimentId = EXPERIMENT_ID;
  if (SOFT_DELETED.has(kind)) base.deleted = null;
  return { ...base, ...extra };
}

function collectionOf(kind: NamedKind) {
  return kind === "experiments" || kind === "folders" ? kind : `${EXPERIMENT_ID}/${kind}`;
}

describe("name resolution against a server that evaluates the query language", () => {
  it("finds exactly the named item among near-duplicates, or fails rightly", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        server.reset();
        server.configure(s.options);
        tried[s.outcome as keyof typeof tried] += 1;
        if (isQuotable(s.name)) tried.quotable += 1;

        let n = 0;
        const decoys = nearDuplicates(s.name)
          .slice(0, s.decoyCount)
          .map((variant) => entity(s.kind, ++n, variant));
        if (SOFT_DELETED.has(s.kind)) {
          for (let i = 0; i < s.deletedCopies; i += 1) {
            decoys.push(
              entity(s.kind, ++n, s.name, { deleted: "2024-02-01T10:00:00.000Z" }),
            );
          }
        }
        const control =
          s.kind === "fcsfiles" && s.targetIsControl ? { isControl: true } : {};
        const target = entity(s.kind, ++n, s.name, control);
        const twin = entity(s.kind, ++n, s.name);
        const items =
          s.outcome === "absent"
            ? decoys
            : s.outcome === "ambiguous"
              ? [...decoys, target, twin]
              : [...decoys, target];
        server.setItems(collectionOf(s.kind), shuffle(items, s.seed));

        const http = createClient<paths>({ baseUrl: server.url });
        const options = { experimentId: EXPERIMENT_ID };
        // Both settle before any assertion, so that no request of a failed case
        // arrives after the next case has reset the server.
        const [found, resolved] = await Promise.allSettled([
          new NameResolver(http).find(s.kind, s.name, options),
          new NameResolver(http).resolveId(s.kind, s.name, options),
        ]);

        if (s.outcome === "present") {
          expect(found).toEqual({ status: "fulfilled", value: target });
          expect(resolved).toEqual({ status: "fulfilled", value: target._id });
        } else {
          const ErrorClass =
            s.outcome === "absent" ? NameNotFoundError : AmbiguousNameError;
          expect(found.status === "rejected" && found.reason).toBeInstanceOf(ErrorClass);
          expect(resolved.status === "rejected" && resolved.reason).toBeInstanceOf(
            ErrorClass,
          );
        }

        // find and resolveId together: at most 3 + 2 requests, and no query the
        // documented language refuses unless the server is set to refuse more.
        const requests = server.requests;
        expect(requests.length).toBeLessThanOrEqual(5);
        if (requests.length > 2) tried.scanned += 1;
        for (const request of requests) {
          expect(request.slice("GET ".length)).not.toMatch(/[\s"\\]/);
        }
        const looseServer =
          s.options.collation !== "exact" ||
          s.options.ignoreDeletedFilter ||
          (s.options.syntaxCharacters !== "parsed" && hasSyntaxCharacters(s.name));
        if (!looseServer) {
          expect(requests).toHaveLength(documentedCost(s.kind, s.name, s.outcome));
        }
      }),
      { numRuns: 400 },
    );
  });

  it("serves a cached ID without asking the server again", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KINDS), nameArbitrary, async (kind, name) => {
        server.reset();
        tried.cached += 1;
        const target = entity(kind, 1, name);
        server.setItems(collectionOf(kind), [target]);
        const resolver = new NameResolver(createClient<paths>({ baseUrl: server.url }));
        const options = { experimentId: EXPERIMENT_ID };

        expect(await resolver.resolveId(kind, name, options)).toBe(target._id);
        const asked = server.requests.length;
        expect(await resolver.resolveId(kind, name, options)).toBe(target._id);

        expect(server.requests).toHaveLength(asked);
        expect(resolver.cache.info()).toEqual({ hits: 1, misses: 1, size: 1 });
      }),
      { numRuns: 100 },
    );
  });
});
