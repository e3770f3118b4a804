import { describe, expect, it } from "vitest";

import {
  applyTailoring,
  createGates,
  deleteGate,
  deleteGateFamily,
  getGate,
  listGates,
  resetGates,
  updateGate,
  updateGateFamily,
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
const SINGLETS_GID = "65a1f0c2e4b0a1b2c3d4e652";
const path = { experimentId: EXPERIMENT_ID };
const gatePath = { ...path, gateId: "65a1f0c2e4b0a1b2c3d4e641" };

describe("listGates", () => {
  it("returns gates of several types that narrow on their type", async () => {
    const { data, error, response } = await listGates(contractClient(), {
      params: { path, query: { limit: 10 } },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("listGates"));
    expect(data?.map((gate) => gate.type)).toEqual([
      "PolygonGate",
      "RectangleGate",
      "QuadrantGate",
    ]);

    const quadrant = data?.find((gate) => gate.type === "QuadrantGate");
    if (quadrant?.type !== "QuadrantGate")
      throw new Error("no quadrant gate in the list");
    expect(quadrant.model.gids).toHaveLength(4);
    expect(quadrant.names[0]).toBe("CD4 vs CD8 (UR)");
  });

  it("is refused with a 400 when skip is negative", async () => {
    const { error, response } = await listGates(contractClient(), {
      params: { path, query: { skip: -1 } },
    });

    expect(await expectRefused("listGates", response, error)).toContain("skip");
  });
});

describe("createGates", () => {
  it("creates a gate with its population under a parent and gets both back", async () => {
    const body = (await requestExample("createGates")) as Schemas["GateCreate"];
    const parentPopulationId = String(
      await parameterExample("createGates", "parentPopulationId"),
    );

    const { data, error, response } = await createGates(contractClient(), {
      params: { path, query: { createPopulation: true, parentPopulationId } },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(new URL(response.url).search).toBe(
      `?createPopulation=true&parentPopulationId=${parentPopulationId}`,
    );
    expect(data).toEqual(await responseExample("createGates"));

    const created = data as Schemas["GateWithPopulation"];
    expect(created.gate.gid).toBe(body.gid);
    expect(created.population.parentId).toBe(parentPopulationId);
    expect(created.population.terminalGateGid).toBe(body.gid);
  });

  it("accepts an array of gates and the string null for an Ungated parent", async () => {
    const gate = (await requestExample("createGates")) as Schemas["RectangleGateCreate"];

    const { error, response } = await createGates(contractClient(), {
      params: { path, query: { parentPopulationId: "null" } },
      body: [gate, { ...gate, gid: "65a1f0c2e4b0a1b2c3d4e65d", name: "Singlets (copy)" }],
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
  });

  it("accepts a quadrant gate whose angles are left to the server", async () => {
    const { response } = await createGates(contractClient(), {
      params: { path },
      body: {
        gid: "65a1f0c2e4b0a1b2c3d4e655",
        model: {
          gids: [
            "65a1f0c2e4b0a1b2c3d4e656",
            "65a1f0c2e4b0a1b2c3d4e657",
            "65a1f0c2e4b0a1b2c3d4e658",
            "65a1f0c2e4b0a1b2c3d4e659",
          ],
          labels: [
            [1e38, 1e38],
            [-1e38, 1e38],
            [-1e38, -1e38],
            [1e38, -1e38],
          ],
          quadrant: { x: 2.6, y: 2.9 },
        },
        names: [
          "CD4 vs CD8 (UR)",
          "CD4 vs CD8 (UL)",
          "CD4 vs CD8 (LL)",
          "CD4 vs CD8 (LR)",
        ],
        type: "QuadrantGate",
        xChannel: "PE-A",
        yChannel: "APC-A",
      },
    });

    expect(response.status).toBe(201);
  });

  it("is refused with a 400 when the model does not match the gate type", async () => {
    const { error, response } = await createGates(contractClient(), {
      params: { path },
      body: {
        type: "RectangleGate",
        name: "Singlets",
        xChannel: "FSC-A",
        yChannel: "SSC-A",
        model: {
          label: [95000, 44000],
          // @ts-expect-error a rectangle gate's model holds a `rectangle`
          ellipse: { angle: 0, center: [95000, 44000], major: 55000, minor: 36000 },
        },
      },
    });

    expect(await expectRefused("createGates", response, error)).toContain("rectangle");
  });

  it("is refused with a 400 when the parent population is not an ID", async () => {
    const body = (await requestExample("createGates")) as Schemas["GateCreate"];

    const { error, response } = await createGates(contractClient(), {
      params: {
        path,
        query: { createPopulation: true, parentPopulationId: "Lymphocytes" },
      },
      body,
    });

    // Prism lowercases parameter names in what it reports.
    expect(await expectRefused("createGates", response, error)).toContain(
      "parentpopulationid",
    );
  });
});

describe("updateGateFamily", () => {
  it("renames a whole family and reports how many gates changed", async () => {
    const body = (await requestExample(
      "updateGateFamily",
    )) as Schemas["GateFamilyUpdate"];

    const { data, error, response } = await updateGateFamily(contractClient(), {
      params: { path, query: { gid: SINGLETS_GID } },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(new URL(response.url).searchParams.get("gid")).toBe(SINGLETS_GID);
    expect(data).toEqual(await responseExample("updateGateFamily"));
    expect(data?.nModified).toBe(3);
  });

  it("is refused with a 400 when the gid is missing", async () => {
    const { error, response } = await updateGateFamily(contractClient(), {
      // @ts-expect-error the family to update must be named by its gid
      params: { path, query: {} },
      body: { name: "Single cells" },
    });

    expect(await expectRefused("updateGateFamily", response, error)).toContain("gid");
  });
});

describe("deleteGateFamily", () => {
  it("deletes a family except one kept gate and answers 204 with no body", async () => {
    const exclude = String(await parameterExample("deleteGateFamily", "exclude"));

    const { data, error, response } = await deleteGateFamily(contractClient(), {
      params: { path, query: { gid: SINGLETS_GID, exclude } },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(new URL(response.url).search).toBe(`?gid=${SINGLETS_GID}&exclude=${exclude}`);
  });

  it("is refused with a 400 when the gid is missing", async () => {
    const { error, response } = await deleteGateFamily(contractClient(), {
      // @ts-expect-error deleting without a gid would name no family
      params: { path, query: {} },
    });

    expect(await expectRefused("deleteGateFamily", response, error)).toContain("gid");
  });
});

describe("applyTailoring", () => {
  it("copies a tailored gate to two files and lists what changed", async () => {
    const body = (await requestExample(
      "applyTailoring",
    )) as Schemas["ApplyTailoringRequest"];

    const { data, error, response } = await applyTailoring(contractClient(), {
      params: { path, query: { gid: body.gate.gid } },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("applyTailoring"));
    expect(data?.inserted.map((ref) => ref.fcsFileId)).toEqual([
      "65a1f0c2e4b0a1b2c3d4e613",
    ]);
    expect(data?.updated.map((ref) => ref.fcsFileId)).toEqual([
      "65a1f0c2e4b0a1b2c3d4e612",
    ]);
    expect(data?.deleted).toEqual([]);
  });

  it("is refused with a 400 when no file is named", async () => {
    const body = (await requestExample(
      "applyTailoring",
    )) as Schemas["ApplyTailoringRequest"];

    const { error, response } = await applyTailoring(contractClient(), {
      params: { path, query: { gid: SINGLETS_GID } },
      body: { ...body, fcsFileIds: [] },
    });

    expect(await expectRefused("applyTailoring", response, error)).toContain(
      "fcsFileIds",
    );
  });
});

describe("resetGates", () => {
  it("wipes gates and populations without a body and answers 204", async () => {
    const { data, error, response } = await resetGates(contractClient(), {
      params: { path },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });
});

describe("getGate", () => {
  it("returns the example polygon gate with its vertices", async () => {
    const { data, error, response } = await getGate(contractClient(), {
      params: { path: gatePath },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("getGate"));
    if (data?.type !== "PolygonGate") throw new Error("expected a polygon gate");
    expect(data.name).toBe("Lymphocytes");
    expect(data.model.polygon.vertices).toHaveLength(5);
    expect(data.fcsFileId).toBeNull();
  });

  it("reports an unknown gate as a 404 error body", async () => {
    const { data, error, response } = await getGate(contractClient(), {
      params: { path: gatePath },
      headers: { Prefer: "code=404" },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual({ error: "Not found." });
  });
});

describe("updateGate", () => {
  it("replaces the model to lock the gate and gets the gate back", async () => {
    const body = (await requestExample("updateGate")) as Schemas["GateUpdate"];

    const { data, error, response } = await updateGate(contractClient(), {
      params: { path: gatePath },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("updateGate"));
    expect(data?.model.locked).toBe(true);
  });

  it("is refused with a 400 when locked is not a boolean", async () => {
    const { error, response } = await updateGate(contractClient(), {
      params: { path: gatePath },
      body: {
        model: {
          label: [94400, 41400],
          // @ts-expect-error the lock flag is a boolean, not a string
          locked: "yes",
          polygon: {
            vertices: [
              [38500, 12000],
              [112000, 9500],
              [148000, 41000],
            ],
          },
        },
      },
    });

    expect(await expectRefused("updateGate", response, error)).toContain("locked");
  });
});

describe("deleteGate", () => {
  it("answers 204 with no body", async () => {
    const { data, error, response } = await deleteGate(contractClient(), {
      params: { path: gatePath },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });
});
