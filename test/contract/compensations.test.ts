import { describe, expect, it } from "vitest";

import {
  createCompensation,
  deleteCompensation,
  getCompensation,
  listCompensations,
  updateCompensation,
} from "../../src/generated/operations.js";
import type { components } from "../../src/generated/schema.js";
import {
  contractClient,
  pathExamples,
  requestExample,
  responseExample,
} from "../support/contract.js";

type Schemas = components["schemas"];

const EXPERIMENT_ID = "65a1f0c2e4b0a1b2c3d4e5f6";
const COMPENSATION_ID = "65a1f0c2e4b0a1b2c3d4e631";
const experimentPath = { experimentId: EXPERIMENT_ID };
const compensationPath = { experimentId: EXPERIMENT_ID, compensationId: COMPENSATION_ID };

describe("listCompensations", () => {
  it("returns the example compensations as a bare array", async () => {
    const { data, error, response } = await listCompensations(contractClient(), {
      params: { path: experimentPath },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("listCompensations"));
    expect(data?.map((compensation) => compensation.name)).toEqual(["Comp 1"]);
  });

  it("holds a square matrix with one row per channel", async () => {
    const { data } = await listCompensations(contractClient(), {
      params: { path: experimentPath },
    });
    const [compensation] = data ?? [];

    expect(compensation?.channels).toEqual(["FITC-A", "PE-A", "APC-A"]);
    expect(compensation?.spillMatrix).toHaveLength(9);
  });

  it("looks a compensation up by name with a query and a limit of two", async () => {
    const query = 'eq(name,"Comp 1")';

    const { data, response } = await listCompensations(contractClient(), {
      params: { path: experimentPath, query: { query, limit: 2 } },
    });

    expect(response.status).toBe(200);
    expect(new URL(response.url).searchParams.get("query")).toBe(query);
    expect(data).toHaveLength(1);
  });
});

describe("createCompensation", () => {
  it("answers 201 with the stored compensation", async () => {
    const body = (await requestExample(
      "createCompensation",
    )) as Schemas["CompensationCreate"];

    const { data, error, response } = await createCompensation(contractClient(), {
      params: { path: experimentPath },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toEqual(await responseExample("createCompensation"));
    expect(data?.channels).toEqual(body.channels);
    expect(data?.spillMatrix).toEqual(body.spillMatrix);
  });

  it("is refused by the mock when the body carries a null _id", async () => {
    const { data, response } = await createCompensation(contractClient(), {
      params: { path: experimentPath },
      body: {
        name: "Comp 1",
        channels: ["FITC-A"],
        spillMatrix: [1],
        // @ts-expect-error the server assigns the ID; sending one, even null, is wrong
        _id: null,
      },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
  });

  it("is refused by the mock when the matrix is missing", async () => {
    const { response } = await createCompensation(contractClient(), {
      params: { path: experimentPath },
      // @ts-expect-error a compensation needs its spillover matrix
      body: { name: "Comp 1", channels: ["FITC-A"] },
    });

    expect(response.status).toBe(400);
  });
});

describe("getCompensation", () => {
  it("returns the example compensation for the example IDs", async () => {
    expect(await pathExamples("getCompensation")).toEqual(compensationPath);

    const { data, error, response } = await getCompensation(contractClient(), {
      params: { path: compensationPath },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("getCompensation"));
    expect(data?._id).toBe(COMPENSATION_ID);
    expect(data?.experimentId).toBe(EXPERIMENT_ID);
  });

  it("reports a deleted compensation as a 404 error body", async () => {
    const { data, error, response } = await getCompensation(contractClient(), {
      params: { path: compensationPath },
      headers: { Prefer: "code=404" },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual({ error: "Not found." });
  });

  it("is refused by the mock when the ID is a special compensation value", async () => {
    const { response } = await getCompensation(contractClient(), {
      params: { path: { experimentId: EXPERIMENT_ID, compensationId: "-1" } },
    });

    expect(response.status).toBe(422);
  });
});

describe("updateCompensation", () => {
  it("sends only the changed matrix and gets the updated compensation", async () => {
    const body = (await requestExample(
      "updateCompensation",
    )) as Schemas["CompensationUpdate"];

    const { data, error, response } = await updateCompensation(contractClient(), {
      params: { path: compensationPath },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(Object.keys(body)).toEqual(["spillMatrix"]);
    expect(data).toEqual(await responseExample("updateCompensation"));
    expect(data?.spillMatrix).toEqual(body.spillMatrix);
    expect(data?.name).toBe("Comp 1");
  });

  it("is refused by the mock when the body changes nothing", async () => {
    const { response } = await updateCompensation(contractClient(), {
      params: { path: compensationPath },
      body: {},
    });

    expect(response.status).toBe(400);
  });
});

describe("deleteCompensation", () => {
  it("answers 204 with no body", async () => {
    const { data, error, response } = await deleteCompensation(contractClient(), {
      params: { path: compensationPath },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });
});
