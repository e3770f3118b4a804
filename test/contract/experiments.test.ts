import { describe, expect, it } from "vitest";

import {
  cloneExperiment,
  createExperiment,
  deleteExperiment,
  getExperiment,
  importExperimentResources,
  listExperiments,
  saveExperimentRevision,
  updateExperiment,
} from "../../src/generated/operations.js";
import type { components } from "../../src/generated/schema.js";
import {
  contractClient,
  parameterExample,
  requestExample,
  responseExample,
  expectRefused,
} from "../support/contract.js";

type Schemas = components["schemas"];

const EXPERIMENT_ID = "65a1f0c2e4b0a1b2c3d4e5f6";
const path = { experimentId: EXPERIMENT_ID };

describe("listExperiments", () => {
  it("looks an experiment up by name with a query and a limit of two", async () => {
    const query = String(await parameterExample("listExperiments", "query"));

    const { data, error, response } = await listExperiments(contractClient(), {
      params: { query: { query, limit: 2 } },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(new URL(response.url).searchParams.get("query")).toBe(query);
    expect(data).toEqual(await responseExample("listExperiments"));
    expect(data?.map((experiment) => experiment.name)).toEqual([
      "PBMC T-cell panel 2024",
      "Bead calibration 2023",
    ]);
  });

  it("accepts the projection, paging and sort parameters together", async () => {
    const { data, response } = await listExperiments(contractClient(), {
      params: { query: { fields: "+name", skip: 0, limit: 10, sort: "-created" } },
    });

    expect(response.status).toBe(200);
    expect(data).toHaveLength(2);
  });

  it("is refused with a 400 when limit is below one", async () => {
    const { data, error, response } = await listExperiments(contractClient(), {
      params: { query: { limit: 0 } },
    });

    expect(data).toBeUndefined();
    expect(await expectRefused("listExperiments", response, error)).toContain("limit");
  });
});

describe("createExperiment", () => {
  it("answers 201 with the new experiment", async () => {
    const body = (await requestExample(
      "createExperiment",
    )) as Schemas["ExperimentCreate"];

    const { data, error, response } = await createExperiment(contractClient(), { body });

    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toEqual(await responseExample("createExperiment"));
    expect(data?.name).toBe(body.name);
    expect(data?.deleted).toBeNull();
  });

  it("is refused with a 400 when the body carries an unknown field", async () => {
    const { error, response } = await createExperiment(contractClient(), {
      // @ts-expect-error `fullName` belongs to users, not to a new experiment
      body: { name: "PBMC T-cell panel 2024", fullName: "Marta Lopez" },
    });

    expect(await expectRefused("createExperiment", response, error)).toContain(
      "additionalProperties",
    );
  });
});

describe("getExperiment", () => {
  it("returns the example experiment with its embedded users", async () => {
    const { data, error, response } = await getExperiment(contractClient(), {
      params: { path },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("getExperiment"));
    expect(data?.uploader.username).toBe("mlopez");
    expect(data?.primaryResearcher.fullName).toBe("Taro Nakamura");
  });

  it("reports an unknown experiment as a 404 error body", async () => {
    const { data, error, response } = await getExperiment(contractClient(), {
      params: { path },
      headers: { Prefer: "code=404" },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual({ error: "Not found." });
  });

  it("gets Prism's 422 for an ID that is not 24 hex characters", async () => {
    const { error, response } = await getExperiment(contractClient(), {
      params: { path: { experimentId: "PBMC T-cell panel 2024" } },
    });

    // No 400 is documented for a bare read, so Prism reports the violation itself.
    expect(response.status).toBe(422);
    expect(JSON.stringify(error)).toContain("experimentid");
  });
});

describe("updateExperiment", () => {
  it("sends only the changed field and gets the whole experiment back", async () => {
    const body = (await requestExample(
      "updateExperiment",
    )) as Schemas["ExperimentUpdate"];

    const { data, error, response } = await updateExperiment(contractClient(), {
      params: { path },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("updateExperiment"));
    expect(data?.name).toBe(body.name);
    expect(data?.activeCompensation).toBe("65a1f0c2e4b0a1b2c3d4e631");
    expect(data?.cloneSourceExperiment).toBe("65a1f0c2e4b0a1b2c3d4e5f9");
  });

  it("is refused with a 400 when a scalar is sent as a one-element array", async () => {
    const { error, response } = await updateExperiment(contractClient(), {
      params: { path },
      // @ts-expect-error names are plain strings, never arrays
      body: { name: ["PBMC T-cell panel 2024 (final)"] },
    });

    expect(await expectRefused("updateExperiment", response, error)).toContain("name");
  });
});

describe("deleteExperiment", () => {
  it("answers 204 with no body", async () => {
    const { data, error, response } = await deleteExperiment(contractClient(), {
      params: { path },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });
});

describe("cloneExperiment", () => {
  it("clones without any body and answers 201 with the copy", async () => {
    const { data, error, response } = await cloneExperiment(contractClient(), {
      params: { path },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toEqual(await responseExample("cloneExperiment"));
    expect(data?.name).toBe("PBMC T-cell panel 2024-1");
    expect(data?.cloneSourceExperiment).toBe(EXPERIMENT_ID);
  });

  it("accepts a name for the copy", async () => {
    const body = (await requestExample(
      "cloneExperiment",
    )) as Schemas["CloneExperimentRequest"];

    const { data, response } = await cloneExperiment(contractClient(), {
      params: { path },
      body,
    });

    expect(response.status).toBe(201);
    expect(data?._id).toBe("65a1f0c2e4b0a1b2c3d4e5f7");
  });

  it("is refused with a 400 when the name is null", async () => {
    const { error, response } = await cloneExperiment(contractClient(), {
      params: { path },
      // @ts-expect-error leave the name out instead of sending null
      body: { name: null },
    });

    expect(await expectRefused("cloneExperiment", response, error)).toContain("name");
  });
});

describe("saveExperimentRevision", () => {
  it("returns the revision list with the new revision last", async () => {
    const body = (await requestExample(
      "saveExperimentRevision",
    )) as Schemas["SaveRevisionRequest"];

    const { data, error, response } = await saveExperimentRevision(contractClient(), {
      params: { path },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("saveExperimentRevision"));
    expect(data?.revisions.at(-1)?.description).toBe(body.description);
    expect(data?.revisions.at(-1)?.signatures[0]?.meaning).toBe("authorship");
  });

  it("is refused with a 400 without a description", async () => {
    const { error, response } = await saveExperimentRevision(contractClient(), {
      params: { path },
      // @ts-expect-error a revision needs a description
      body: {},
    });

    expect(await expectRefused("saveExperimentRevision", response, error)).toContain(
      "description",
    );
  });
});

describe("importExperimentResources", () => {
  it("imports a selection through a channel map under Ungated", async () => {
    const body = (await requestExample(
      "importExperimentResources",
    )) as Schemas["ImportResourcesRequest"];

    const { data, error, response } = await importExperimentResources(contractClient(), {
      params: { path },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("importExperimentResources"));
    expect(body.dstPopulationId).toBeNull();
  });

  it("is refused with a 400 without a source experiment", async () => {
    const { error, response } = await importExperimentResources(contractClient(), {
      params: { path },
      // @ts-expect-error the source experiment is required
      body: { import: { populations: true } },
    });

    expect(await expectRefused("importExperimentResources", response, error)).toContain(
      "srcExperiment",
    );
  });
});
