import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";

import type { paths } from "../../src/generated/schema.js";
import {
  AmbiguousNameError,
  AuthenticationError,
  BadRequestError,
  CellEngineError,
  ConfigurationError,
  NameNotFoundError,
  NotFoundError,
  ServerError,
} from "../../src/handwritten/errors.js";
import { NameCache } from "../../src/handwritten/name-cache.js";
import { NameResolver, type NamedKind } from "../../src/handwritten/name-resolution.js";
import { json } from "../support/fake-fetch.js";

const BASE = "https://cellengine.test";
const EXPERIMENT_ID = "65a1f0c2e4b0a1b2c3d4e5f6";
const OTHER_EXPERIMENT_ID = "65a1f0c2e4b0a1b2c3d4e5f7";

const experiment = {
  _id: EXPERIMENT_ID,
  name: "PBMC T-cell panel 2024",
  deleted: null,
  tags: [],
  locked: false,
};
const fcsFile = {
  _id: "65a1f0c2e4b0a1b2c3d4e611",
  experimentId: EXPERIMENT_ID,
  filename: "Donor01_Stim.fcs",
  eventCount: 50000,
  deleted: null,
};

type Answer = Response | ((request: Request) => Response);

/** A bare openapi-fetch client whose fetch answers in turn and records requests. */
function scripted(...answers: Answer[]) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${request.method} ${request.url}`);
    return typeof answer === "function" ? answer(request) : answer;
  };
  const http = createClient<paths>({ baseUrl: BASE, fetch });
  return { resolver: new NameResolver(http), requests, urls: () => requests.map(urlOf) };
}

function urlOf(request: Request) {
  return request.url.slice(BASE.length);
}

function queryOf(request: Request | undefined) {
  return Object.fromEntries(new URL(request!.url).searchParams);
}

describe("finding by name", () => {
  it("finds an experiment with one filtered list request", async () => {
    const { resolver, requests, urls } = scripted(json([experiment]));

    const found = await resolver.find("experiments", "PBMC T-cell panel 2024");

    expect(found).toEqual(experiment);
    expect(requests.map((r) => r.method)).toEqual(["GET"]);
    expect(urls()).toEqual([
      "/api/v1/experiments?query=and(eq(name%2C%22PBMC%20T-cell%20panel%202024%22)" +
        "%2Ceq(deleted%2Cnull))&limit=2",
    ]);
    expect(queryOf(requests[0])).toEqual({
      query: 'and(eq(name,"PBMC T-cell panel 2024"),eq(deleted,null))',
      limit: "2",
    });
  });

  it("finds an FCS file by filename, control files included", async () => {
    const { resolver, urls, requests } = scripted(json([fcsFile]));

    const found = await resolver.find("fcsfiles", "Donor01_Stim.fcs", {
      experimentId: EXPERIMENT_ID,
    });

    expect(found).toEqual(fcsFile);
    expect(urls()).toEqual([
      `/api/v1/experiments/${EXPERIMENT_ID}/fcsfiles?query=and(eq(filename%2C` +
        "%22Donor01_Stim.fcs%22)%2Ceq(deleted%2Cnull))&limit=2&includeControls=true",
    ]);
    expect(queryOf(requests[0])).toEqual({
      query: 'and(eq(filename,"Donor01_Stim.fcs"),eq(deleted,null))',
      limit: "2",
      includeControls: "true",
    });
  });

  it("finds a folder with the deleted filter", async () => {
    const folder = {
      _id: "65a1f0c2e4b0a1b2c3d4e601",
      name: "Immunophenotyping",
      deleted: null,
    };
    const { resolver, requests } = scripted(json([folder]));

    expect(await resolver.find("folders", "Immunophenotyping")).toEqual(folder);
    expect(new URL(requests[0]!.url).pathname).toBe("/api/v1/folders");
    expect(queryOf(requests[0])).toEqual({
      query: 'and(eq(name,"Immunophenotyping"),eq(deleted,null))',
      limit: "2",
    });
  });

  it.each([
    ["attachments", "filename", "plate-layout.csv", "e621"],
    ["compensations", "name", "Comp 1", "e631"],
    ["populations", "name", "CD4+", "e663"],
  ] as const)(
    "finds %s by %s without a deleted filter",
    async (kind, field, name, idTail) => {
      const entity = { _id: `65a1f0c2e4b0a1b2c3d4${idTail}`, [field]: name };
      const { resolver, requests } = scripted(json([entity]));

      const found = await resolver.find(kind, name, { experimentId: EXPERIMENT_ID });

      expect(found).toEqual(entity);
      expect(requests).toHaveLength(1);
      expect(new URL(requests[0]!.url).pathname).toBe(
        `/api/v1/experiments/${EXPERIMENT_ID}/${kind}`,
      );
      expect(queryOf(requests[0])).toEqual({
        query: `eq(${field},"${name}")`,
        limit: "2",
      });
    },
  );

  it("URL-encodes the characters of a name that mean something in a URL", async () => {
    const name = "CD4+ & CD8+ #1 = 50% ?";
    const { resolver, urls } = scripted(
      json([{ _id: "65a1f0c2e4b0a1b2c3d4e664", name }]),
    );

    await resolver.find("populations", name, { experimentId: EXPERIMENT_ID });

    expect(urls()[0]).toBe(
      `/api/v1/experiments/${EXPERIMENT_ID}/populations?query=eq(name%2C%22CD4%2B%20%26` +
        "%20CD8%2B%20%231%20%3D%2050%25%20%3F%22)&limit=2",
    );
  });

  it("names the kind, the name and the experiment when nothing matches", async () => {
    const { resolver, requests } = scripted(json([]));

    const error = await resolver
      .find("fcsfiles", "Donor99.fcs", { experimentId: EXPERIMENT_ID })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NameNotFoundError);
    expect((error as Error).message).toBe(
      `No FCS file named "Donor99.fcs" in experiment ${EXPERIMENT_ID} was found; ` +
        "check the spelling and the experiment ID",
    );
    expect(error).toMatchObject({
      kind: "fcsfiles",
      resourceName: "Donor99.fcs",
      experimentId: EXPERIMENT_ID,
    });
    expect(requests).toHaveLength(1);
  });

  it("reports two matches as ambiguous", async () => {
    const clone = { ...experiment, _id: "65a1f0c2e4b0a1b2c3d4e5f8" };
    const { resolver, requests } = scripted(json([experiment, clone]));

    const error = await resolver
      .find("experiments", "PBMC T-cell panel 2024")
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AmbiguousNameError);
    expect((error as Error).message).toBe(
      'More than one experiment named "PBMC T-cell panel 2024" exists; ' +
        "pass its ID instead",
    );
    expect(error).toMatchObject({ experimentId: undefined });
    expect(requests).toHaveLength(1);
  });

  it.each(["fcsfiles", "attachments", "compensations", "populations"] as const)(
    "asks for the experiment when %s are looked up without one",
    async (kind) => {
      const { resolver, requests } = scripted();

      await expect(resolver.find(kind, "x")).rejects.toThrow(ConfigurationError);
      await expect(resolver.resolveId(kind, "x", { experimentId: "" })).rejects.toThrow(
        `Looking up ${kind} by name needs the experiment that holds them`,
      );
      expect(requests).toHaveLength(0);
    },
  );

  it("refuses a kind that has no names", async () => {
    const { resolver } = scripted();
    await expect(resolver.find("gates" as NamedKind, "x")).rejects.toThrow(
      '"gates" cannot be looked up by name',
    );
  });

  it("sends the lookup through the per-call fetch", async () => {
    const { resolver, requests } = scripted();
    const perCall: Request[] = [];

    await resolver.find("experiments", "PBMC T-cell panel 2024", {
      fetch: async (request) => {
        perCall.push(request);
        return json([experiment]);
      },
    });

    expect(perCall).toHaveLength(1);
    expect(requests).toHaveLength(0);
  });
});

describe("falling back to a scan", () => {
  const quoted = {
    ...fcsFile,
    _id: "65a1f0c2e4b0a1b2c3d4e614",
    filename: 'Donor "A".fcs',
  };

  it("lists IDs and filenames, then gets the entity, for unquotable names", async () => {
    const full = { ...quoted, header: "{}" };
    const { resolver, urls, requests } = scripted(
      json([
        { _id: fcsFile._id, filename: fcsFile.filename, deleted: null },
        { _id: quoted._id, filename: quoted.filename, deleted: null },
      ]),
      json(full),
    );

    const found = await resolver.find("fcsfiles", 'Donor "A".fcs', {
      experimentId: EXPERIMENT_ID,
    });

    expect(found).toEqual(full);
    expect(queryOf(requests[0])).toEqual({
      query: "eq(deleted,null)",
      fields: "+filename,+deleted",
      includeControls: "true",
    });
    expect(urls()).toEqual([
      `/api/v1/experiments/${EXPERIMENT_ID}/fcsfiles?query=eq(deleted%2Cnull)` +
        "&fields=%2Bfilename%2C%2Bdeleted&includeControls=true",
      `/api/v1/experiments/${EXPERIMENT_ID}/fcsfiles/${quoted._id}`,
    ]);
  });

  it("needs only the scan to resolve the ID of a name it cannot quote", async () => {
    const { resolver, requests } = scripted(
      json([{ _id: quoted._id, filename: quoted.filename, deleted: null }]),
    );

    const id = await resolver.resolveId("fcsfiles", 'Donor "A".fcs', {
      experimentId: EXPERIMENT_ID,
    });

    expect(id).toBe(quoted._id);
    expect(requests).toHaveLength(1);
  });

  it("scans rather than send a query too long for a URL", async () => {
    const name = "Ω".repeat(400);
    const { resolver, requests } = scripted(
      json([{ _id: "65a1f0c2e4b0a1b2c3d4e663", name }]),
    );

    const id = await resolver.resolveId("populations", name, {
      experimentId: EXPERIMENT_ID,
    });

    expect(id).toBe("65a1f0c2e4b0a1b2c3d4e663");
    expect(queryOf(requests[0])).toEqual({ fields: "+name" });
  });

  it("projects compensations and populations to the name alone", async () => {
    const { resolver, requests } = scripted(
      json([{ _id: "65a1f0c2e4b0a1b2c3d4e631", name: "Comp\\1" }]),
      json({ _id: "65a1f0c2e4b0a1b2c3d4e631", name: "Comp\\1", channels: [] }),
    );

    await resolver.find("compensations", "Comp\\1", { experimentId: EXPERIMENT_ID });

    expect(queryOf(requests[0])).toEqual({ fields: "+name" });
    expect(new URL(requests[1]!.url).pathname).toBe(
      `/api/v1/experiments/${EXPERIMENT_ID}/compensations/65a1f0c2e4b0a1b2c3d4e631`,
    );
  });

  it("lists attachments whole in one request: they have no metadata route", async () => {
    const attachment = {
      _id: "65a1f0c2e4b0a1b2c3d4e621",
      experimentId: EXPERIMENT_ID,
      filename: " plate-layout.csv",
      size: 312,
    };
    const { resolver, urls } = scripted(json([attachment]));

    const found = await resolver.find("attachments", " plate-layout.csv", {
      experimentId: EXPERIMENT_ID,
    });

    expect(found).toEqual(attachment);
    expect(urls()).toEqual([`/api/v1/experiments/${EXPERIMENT_ID}/attachments`]);
  });

  it("scans when the server's matches are not exact", async () => {
    const upper = {
      ...experiment,
      _id: "65a1f0c2e4b0a1b2c3d4e5f8",
      name: "PBMC T-CELL PANEL 2024",
    };
    const { resolver, requests } = scripted(
      json([upper, { ...upper, _id: "65a1f0c2e4b0a1b2c3d4e5f9" }]),
      json([
        { _id: upper._id, name: upper.name, deleted: null },
        { _id: experiment._id, name: experiment.name, deleted: null },
      ]),
      json(experiment),
    );

    const found = await resolver.find("experiments", "PBMC T-cell panel 2024");

    expect(found).toEqual(experiment);
    expect(requests).toHaveLength(3);
    expect(queryOf(requests[1])).toEqual({
      query: "eq(deleted,null)",
      fields: "+name,+deleted",
    });
  });

  it("scans when an exact match shares the answer with a near-miss", async () => {
    const nearMiss = {
      ...experiment,
      _id: "65a1f0c2e4b0a1b2c3d4e5f8",
      name: "pbmc t-cell panel 2024",
    };
    const twin = { ...experiment, _id: "65a1f0c2e4b0a1b2c3d4e5f9" };
    const { resolver, requests } = scripted(
      json([experiment, nearMiss]),
      json(
        [experiment, nearMiss, twin].map(({ _id, name }) => ({
          _id,
          name,
          deleted: null,
        })),
      ),
    );

    await expect(resolver.find("experiments", experiment.name)).rejects.toThrow(
      AmbiguousNameError,
    );
    expect(requests).toHaveLength(2);
  });

  it("never returns a deleted item, even if the server ignores the filter", async () => {
    const deleted = { ...fcsFile, deleted: "2024-02-01T10:00:00.000Z" };
    const { resolver, requests } = scripted(
      json([deleted]),
      json([{ _id: deleted._id, filename: deleted.filename, deleted: deleted.deleted }]),
    );

    await expect(
      resolver.find("fcsfiles", fcsFile.filename, { experimentId: EXPERIMENT_ID }),
    ).rejects.toThrow(NameNotFoundError);
    expect(requests).toHaveLength(2);
  });

  it("checks an empty answer again by scan for a name with parentheses", async () => {
    const { resolver, requests } = scripted(
      json([]),
      json([{ _id: fcsFile._id, filename: "Sample (1).fcs", deleted: null }]),
      json({ ...fcsFile, filename: "Sample (1).fcs" }),
    );

    const found = await resolver.find("fcsfiles", "Sample (1).fcs", {
      experimentId: EXPERIMENT_ID,
    });

    expect(found.filename).toBe("Sample (1).fcs");
    expect(requests).toHaveLength(3);
  });

  it("scans when the server refuses a name with commas as a bad query", async () => {
    const { resolver, requests } = scripted(
      json({ error: "Invalid query" }, 400),
      json([{ _id: "65a1f0c2e4b0a1b2c3d4e663", name: "CD4+,CD8-" }]),
    );

    const id = await resolver.resolveId("populations", "CD4+,CD8-", {
      experimentId: EXPERIMENT_ID,
    });

    expect(id).toBe("65a1f0c2e4b0a1b2c3d4e663");
    expect(requests).toHaveLength(2);
  });

  it("reports a name changed between the scan and the get as not found", async () => {
    const { resolver } = scripted(
      json([{ _id: quoted._id, filename: quoted.filename, deleted: null }]),
      json({ ...quoted, filename: "renamed.fcs" }),
    );

    await expect(
      resolver.find("fcsfiles", quoted.filename, { experimentId: EXPERIMENT_ID }),
    ).rejects.toThrow(NameNotFoundError);
  });
});

describe("failures of the server", () => {
  it("throws the typed error when a bare client gets an error status", async () => {
    const { resolver } = scripted(
      new Response("Unauthorized", {
        status: 401,
        headers: { "content-type": "text/plain" },
      }),
      json({ error: "Experiment not found" }, 404),
      new Response(null, { status: 500 }),
    );

    const unauthorized = await resolver.find("experiments", "x").catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(AuthenticationError);
    expect(unauthorized).toMatchObject({
      status: 401,
      method: "GET",
      serverMessage: "Unauthorized",
    });

    const missing = await resolver
      .find("populations", "x", { experimentId: EXPERIMENT_ID })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toBe("Experiment not found");

    const failed = await resolver.find("folders", "x").catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ServerError);
    expect(failed).toMatchObject({ status: 500, body: undefined });
  });

  it("does not scan after a 400 for a name without punctuation", async () => {
    const { resolver, requests } = scripted(json({ error: "Invalid query" }, 400));

    await expect(resolver.find("experiments", "plain")).rejects.toThrow(BadRequestError);
    expect(requests).toHaveLength(1);
  });

  it("passes on an error the transport throws", async () => {
    const thrown = new CellEngineError("connection reset");
    const http = createClient<paths>({
      baseUrl: BASE,
      fetch: async () => {
        throw thrown;
      },
    });

    await expect(new NameResolver(http).find("experiments", "x")).rejects.toBe(thrown);
  });

  it("refuses an answer that is not a list of entities", async () => {
    const { resolver } = scripted(json({ items: [] }), json([{ name: "no id" }]));

    await expect(resolver.find("experiments", "x")).rejects.toThrow(
      "GET /api/v1/experiments did not answer with a list of experiments",
    );
    await expect(resolver.find("experiments", "x")).rejects.toThrow(CellEngineError);
  });
});

describe("the name cache", () => {
  it("serves a resolved ID again with no request, counting hits and misses", async () => {
    const { resolver, requests } = scripted(json([fcsFile]));
    const options = { experimentId: EXPERIMENT_ID };

    const first = await resolver.resolveId("fcsfiles", fcsFile.filename, options);
    const second = await resolver.resolveId("fcsfiles", fcsFile.filename, options);

    expect([first, second]).toEqual([fcsFile._id, fcsFile._id]);
    expect(requests).toHaveLength(1);
    expect(resolver.cache.info()).toEqual({ hits: 1, misses: 1, size: 1 });
  });

  it("keeps the same name in different experiments apart", async () => {
    const other = {
      ...fcsFile,
      _id: "65a1f0c2e4b0a1b2c3d4e711",
      experimentId: OTHER_EXPERIMENT_ID,
    };
    const { resolver, requests } = scripted(json([fcsFile]), json([other]));

    const ids = [
      await resolver.resolveId("fcsfiles", fcsFile.filename, {
        experimentId: EXPERIMENT_ID,
      }),
      await resolver.resolveId("fcsfiles", fcsFile.filename, {
        experimentId: OTHER_EXPERIMENT_ID,
      }),
    ];

    expect(ids).toEqual([fcsFile._id, other._id]);
    expect(requests).toHaveLength(2);
  });

  it("fills the cache from find, so resolveId afterwards costs nothing", async () => {
    const { resolver, requests } = scripted(json([experiment]));

    await resolver.find("experiments", experiment.name);
    const id = await resolver.resolveId("experiments", experiment.name);

    expect(id).toBe(experiment._id);
    expect(requests).toHaveLength(1);
  });

  it("asks the server again after forgetId", async () => {
    const { resolver, requests } = scripted(json([experiment]), json([experiment]));

    await resolver.resolveId("experiments", experiment.name);
    resolver.cache.forgetId("experiments", undefined, experiment._id);
    await resolver.resolveId("experiments", experiment.name);

    expect(requests).toHaveLength(2);
    expect(resolver.cache.info()).toEqual({ hits: 0, misses: 2, size: 1 });
  });

  it("forgets a cached name that a fresh lookup no longer finds", async () => {
    const { resolver } = scripted(json([]));
    resolver.cache.set("experiments", undefined, "gone", "65a1f0c2e4b0a1b2c3d4e5aa");

    await expect(resolver.find("experiments", "gone")).rejects.toThrow(NameNotFoundError);
    expect(resolver.cache.info().size).toBe(0);
  });

  it("shares a cache passed to several resolvers", async () => {
    const cache = new NameCache();
    cache.set("populations", EXPERIMENT_ID, "CD4+", "65a1f0c2e4b0a1b2c3d4e663");
    const http = createClient<paths>({
      baseUrl: BASE,
      fetch: async () => {
        throw new Error("no request expected");
      },
    });

    const id = await new NameResolver(http, cache).resolveId("populations", "CD4+", {
      experimentId: EXPERIMENT_ID,
    });

    expect(id).toBe("65a1f0c2e4b0a1b2c3d4e663");
  });
});

describe("NameCache", () => {
  it("forgets by ID only within the kind and experiment", () => {
    const cache = new NameCache();
    cache.set("fcsfiles", EXPERIMENT_ID, "a.fcs", "id1");
    cache.set("fcsfiles", EXPERIMENT_ID, "alias.fcs", "id1");
    cache.set("fcsfiles", OTHER_EXPERIMENT_ID, "a.fcs", "id1");
    cache.set("attachments", EXPERIMENT_ID, "a.fcs", "id1");

    cache.forgetId("fcsfiles", EXPERIMENT_ID, "id1");

    expect(cache.get("fcsfiles", EXPERIMENT_ID, "a.fcs")).toBeUndefined();
    expect(cache.get("fcsfiles", EXPERIMENT_ID, "alias.fcs")).toBeUndefined();
    expect(cache.get("fcsfiles", OTHER_EXPERIMENT_ID, "a.fcs")).toBe("id1");
    expect(cache.get("attachments", EXPERIMENT_ID, "a.fcs")).toBe("id1");
    expect(cache.info()).toEqual({ hits: 2, misses: 2, size: 2 });
  });

  it("forgets one name, and clears everything with the counts", () => {
    const cache = new NameCache();
    cache.set("experiments", undefined, "a", "1");
    cache.set("experiments", undefined, "b", "2");

    cache.forgetName("experiments", undefined, "a");
    expect(cache.get("experiments", undefined, "a")).toBeUndefined();
    expect(cache.get("experiments", undefined, "b")).toBe("2");

    cache.clear();
    expect(cache.info()).toEqual({ hits: 0, misses: 0, size: 0 });
  });

  it("keeps names apart that only differ in where a separator falls", () => {
    const cache = new NameCache();
    cache.set("fcsfiles", "e1", "x", "1");
    cache.set("fcsfiles", "e", "1x", "2");

    expect(cache.get("fcsfiles", "e1", "x")).toBe("1");
    expect(cache.get("fcsfiles", "e", "1x")).toBe("2");
  });

  it("drops the least recently used entry past its size", () => {
    const cache = new NameCache({ maxEntries: 2 });
    cache.set("experiments", undefined, "a", "1");
    cache.set("experiments", undefined, "b", "2");
    cache.get("experiments", undefined, "a");
    cache.set("experiments", undefined, "c", "3");

    expect(cache.get("experiments", undefined, "b")).toBeUndefined();
    expect(cache.get("experiments", undefined, "a")).toBe("1");
    expect(cache.get("experiments", undefined, "c")).toBe("3");
    expect(cache.info().size).toBe(2);
  });
});
