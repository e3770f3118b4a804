import { describe, expect, it } from "vitest";

import {
  createPopulation,
  deletePopulation,
  getPopulation,
  listPopulations,
  updatePopulation,
} from "../../src/generated/operations.js";
import type { components } from "../../src/generated/schema.js";
import {
  contractClient,
  expectRefused,
  requestExample,
  responseExample,
} from "../support/contract.js";

type Schemas = components["schemas"];

const EXPERIMENT_ID = "65a1f0c2e4b0a1b2c3d4e5f6";
const LYMPHOCYTES_ID = "65a1f0c2e4b0a1b2c3d4e661";
const path = { experimentId: EXPERIMENT_ID };
const populationPath = { ...path, populationId: LYMPHOCYTES_ID };

describe("listPopulations", () => {
  it("returns the tree with Ungated children marked by a null parent", async () => {
    const { data, error, response } = await listPopulations(contractClient(), {
      params: {
        path,
        query: { fields: "+name", query: 'in(name, ["Lymphocytes","CD4+"])' },
      },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("listPopulations"));
    expect(data?.map((population) => population.parentId ?? null)).toEqual([
      null,
      LYMPHOCYTES_ID,
      "65a1f0c2e4b0a1b2c3d4e662",
    ]);
  });

  it("carries each population's gates as a JSON string to decode", async () => {
    const { data } = await listPopulations(contractClient(), { params: { path } });

    const cd4 = data?.find((population) => population.name === "CD4+");
    expect(typeof cd4?.gates).toBe("string");
    expect(JSON.parse(cd4?.gates ?? "null")).toEqual({
      $and: [
        "65a1f0c2e4b0a1b2c3d4e651",
        "65a1f0c2e4b0a1b2c3d4e652",
        "65a1f0c2e4b0a1b2c3d4e653",
      ],
    });
  });
});

describe("createPopulation", () => {
  it("answers 201 with the population the server named", async () => {
    const body = (await requestExample(
      "createPopulation",
    )) as Schemas["PopulationCreate"];

    const { data, error, response } = await createPopulation(contractClient(), {
      params: { path },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toEqual(await responseExample("createPopulation"));
    expect(data?.gates).toBe(body.gates);
    expect(data?.uniqueName).toBe("CD4+");
  });

  it("accepts a null parent for a population directly under Ungated", async () => {
    const { response } = await createPopulation(contractClient(), {
      params: { path },
      body: {
        name: "Lymphocytes",
        gates: JSON.stringify({ $and: ["65a1f0c2e4b0a1b2c3d4e651"] }),
        terminalGateGid: "65a1f0c2e4b0a1b2c3d4e651",
        parentId: null,
      },
    });

    expect(response.status).toBe(201);
  });

  it("is refused with a 400 when gates is an object instead of a string", async () => {
    const { error, response } = await createPopulation(contractClient(), {
      params: { path },
      body: {
        name: "Lymphocytes",
        // @ts-expect-error the expression travels JSON-encoded, as a string
        gates: { $and: ["65a1f0c2e4b0a1b2c3d4e651"] },
      },
    });

    expect(await expectRefused("createPopulation", response, error)).toContain("gates");
  });

  it("is refused with a 400 when a key is spelled in snake_case", async () => {
    const { error, response } = await createPopulation(contractClient(), {
      params: { path },
      body: {
        name: "Lymphocytes",
        gates: '{"$and":["65a1f0c2e4b0a1b2c3d4e651"]}',
        // @ts-expect-error the server would silently ignore `parent_id`
        parent_id: null,
      },
    });

    expect(await expectRefused("createPopulation", response, error)).toContain(
      "parent_id",
    );
  });
});

describe("getPopulation", () => {
  it("returns the example population", async () => {
    const { data, error, response } = await getPopulation(contractClient(), {
      params: { path: populationPath },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("getPopulation"));
    expect(data?.name).toBe("Lymphocytes");
    expect(data?.parentId).toBeNull();
  });

  it("reports a deleted population as a 404 error body", async () => {
    const { data, error, response } = await getPopulation(contractClient(), {
      params: { path: populationPath },
      headers: { Prefer: "code=404" },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual({ error: "Not found." });
  });
});

describe("updatePopulation", () => {
  it("renames a population and gets its recomputed unique name", async () => {
    const body = (await requestExample(
      "updatePopulation",
    )) as Schemas["PopulationUpdate"];

    const { data, error, response } = await updatePopulation(contractClient(), {
      params: { path: populationPath },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("updatePopulation"));
    expect(data?.name).toBe(body.name);
    expect(data?.uniqueName).toBe(body.name);
  });

  it("is refused with a 400 when the body is empty", async () => {
    const { error, response } = await updatePopulation(contractClient(), {
      params: { path: populationPath },
      body: {},
    });

    expect(await expectRefused("updatePopulation", response, error)).toContain(
      "minProperties",
    );
  });
});

describe("deletePopulation", () => {
  it("deletes a whole branch with a lowercase boolean flag and answers 204", async () => {
    const { data, error, response } = await deletePopulation(contractClient(), {
      params: { path: populationPath, query: { deleteBranch: true } },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(new URL(response.url).search).toBe("?deleteBranch=true");
  });

  it("is refused with a 400 when deleteBranch is not a boolean", async () => {
    const { error, response } = await deletePopulation(contractClient(), {
      // @ts-expect-error the flag is a boolean, sent as `true` or `false`
      params: { path: populationPath, query: { deleteBranch: "yes" } },
    });

    expect(await expectRefused("deletePopulation", response, error)).toContain(
      "deletebranch",
    );
  });
});
