import { describe, expect, it } from "vitest";

import { getPlot, operations } from "../../src/generated/operations.js";
import type { paths } from "../../src/generated/schema.js";
import { contractClient, operationOf, responseExample } from "../support/contract.js";

type PlotQuery =
  paths["/api/v1/experiments/{experimentId}/plot"]["get"]["parameters"]["query"];

const EXPERIMENT_ID = "65a1f0c2e4b0a1b2c3d4e5f6";
const path = { experimentId: EXPERIMENT_ID };
const dotPlot: PlotQuery = {
  fcsFileId: "65a1f0c2e4b0a1b2c3d4e611",
  plotType: "dot",
  xChannel: "FSC-A",
  yChannel: "SSC-A",
};

/** Every query parameter of getPlot set to its example value. */
async function everyParameterExample(): Promise<PlotQuery> {
  const { operation } = await operationOf("getPlot");
  const parameters = (operation.parameters ?? []) as {
    name: string;
    in: string;
    example?: unknown;
  }[];
  const query = parameters.filter((parameter) => parameter.in === "query");
  return Object.fromEntries(
    query.map(({ name, example }) => [name, example]),
  ) as PlotQuery;
}

describe("getPlot", () => {
  it("returns the PNG as bytes, not parsed text", async () => {
    const example = String(await responseExample("getPlot"));

    const { data, error, response } = await getPlot(contractClient(), {
      params: { path, query: dotPlot },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(data).toBeInstanceOf(Blob);
    const bytes = new Uint8Array(await (data as Blob).arrayBuffer());
    expect(bytes).toEqual(new TextEncoder().encode(example));
    expect(operations.getPlot.parseAs).toBe("blob");
  });

  it("accepts every documented parameter at once", async () => {
    const query = await everyParameterExample();

    const { data, response } = await getPlot(contractClient(), {
      params: { path, query },
    });
    const sent = new URL(response.url).searchParams;

    expect(response.status).toBe(200);
    expect(data).toBeInstanceOf(Blob);
    expect(Object.keys(query)).toHaveLength(34);
    expect(sent.get("color")).toBe("#1f4e79");
    expect(response.url).toContain("color=%231f4e79");
    expect(sent.get("axesQ")).toBe("true");
    expect(sent.get("tickLabelsQ")).toBe("false");
  });

  it("takes the special compensation values as well as IDs", async () => {
    for (const compensation of [0, -1, "65a1f0c2e4b0a1b2c3d4e631"] as const) {
      const { response } = await getPlot(contractClient(), {
        params: { path, query: { ...dotPlot, compensation } },
      });

      expect(response.status, String(compensation)).toBe(200);
      expect(new URL(response.url).searchParams.get("compensation")).toBe(
        String(compensation),
      );
    }
  });

  it("draws a histogram from one channel only", async () => {
    const { response } = await getPlot(contractClient(), {
      params: {
        path,
        query: { fcsFileId: dotPlot.fcsFileId, plotType: "histogram", xChannel: "PE-A" },
      },
    });

    expect(response.status).toBe(200);
  });

  it("is refused by the mock when the plot type is missing", async () => {
    const { data, response } = await getPlot(contractClient(), {
      params: {
        path,
        // @ts-expect-error plotType is required
        query: { fcsFileId: dotPlot.fcsFileId, xChannel: "FSC-A" },
      },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
  });

  it("is refused by the mock for an unknown plot type", async () => {
    const { response } = await getPlot(contractClient(), {
      // @ts-expect-error only contour, dot, density and histogram plots exist
      params: { path, query: { ...dotPlot, plotType: "scatter" } },
    });

    expect(response.status).toBe(400);
  });

  it("is refused by the mock when the colour is not a hex colour", async () => {
    const { response } = await getPlot(contractClient(), {
      params: { path, query: { ...dotPlot, color: "red" } },
    });

    expect(response.status).toBe(400);
  });
});
