import { describe, expect, it } from "vitest";

import { getBulkStatistics, operations } from "../../src/generated/operations.js";
import type { components } from "../../src/generated/schema.js";
import {
  anonymousClient,
  contractClient,
  requestExample,
  responseExample,
} from "../support/contract.js";

type Schemas = components["schemas"];

const EXPERIMENT_ID = "65a1f0c2e4b0a1b2c3d4e5f6";
const path = { experimentId: EXPERIMENT_ID };
/**
 * The answer's declared type joins the JSON rows with the CSV and TSV text, because
 * the generated function does not narrow by `parseAs`; these narrow it for a test.
 */
function rowsOf(data: unknown): Schemas["StatisticsRow"][] {
  if (!Array.isArray(data)) throw new Error(`expected JSON rows, got ${typeof data}`);
  return data as Schemas["StatisticsRow"][];
}

function textOf(data: unknown): string {
  if (typeof data !== "string") throw new Error(`expected text, got ${typeof data}`);
  return data;
}

const shortWideMean: Schemas["StatisticsRequest"] = {
  statistics: "mean",
  channels: "FITC-A",
  annotations: false,
  layout: "short-wide",
  percentOf: "PARENT",
};

describe("getBulkStatistics", () => {
  it("returns medium-layout rows for the example request", async () => {
    const body = (await requestExample(
      "getBulkStatistics",
    )) as Schemas["StatisticsRequest"];

    const { data, error, response } = await getBulkStatistics(contractClient(), {
      params: { path },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("getBulkStatistics"));
    expect(rowsOf(data).map((row) => row.filename)).toEqual([
      "Donor01_Stim.fcs",
      "Donor01_Unstim.fcs",
    ]);
  });

  it("gives Ungated rows null population IDs and a reagent per channel", async () => {
    const { data } = await getBulkStatistics(contractClient(), {
      params: { path },
      body: { statistics: ["mean", "mad", "stddev"], channels: ["FITC-A"] },
    });
    const row = rowsOf(data)[0] as Schemas["StatisticsRowMedium"];

    expect(row.populationId).toBeNull();
    expect(row.parentPopulationId).toBeNull();
    expect(row.population).toBe("Ungated");
    expect(row.reagent).toBe("CD3");
    expect(row.mean).toBeCloseTo(5120.48, 2);
  });

  it("returns short-wide CSV as text, one CRLF-terminated line per file", async () => {
    const { data, error, response } = await getBulkStatistics(contractClient(), {
      params: { path },
      body: { ...shortWideMean, format: "csv" },
      headers: { Accept: "text/csv" },
      parseAs: "text",
    });
    const lines = textOf(data).split("\r\n");

    expect(error).toBeUndefined();
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(data).toBe(
      await responseExample("getBulkStatistics", { mediaType: "text/csv" }),
    );
    expect(lines.map((line) => line.split(",").slice(0, 2))).toEqual([
      ["65a1f0c2e4b0a1b2c3d4e611", "Donor01_Stim.fcs"],
      ["65a1f0c2e4b0a1b2c3d4e612", "Donor01_Unstim.fcs"],
      [""],
    ]);
  });

  it("returns TSV as tab-separated text", async () => {
    const tsv = "text/tab-separated-values";

    const { data, response } = await getBulkStatistics(contractClient(), {
      params: { path },
      body: { ...shortWideMean, format: "tsv (without header)" },
      headers: { Accept: tsv },
      parseAs: "text",
    });

    expect(response.headers.get("content-type")).toContain(tsv);
    expect(data).toBe(await responseExample("getBulkStatistics", { mediaType: tsv }));
    expect(textOf(data).split("\r\n")[0]?.split("\t")).toHaveLength(3);
  });

  it("accepts a percent of several targets, Ungated written as null", async () => {
    const { response } = await getBulkStatistics(contractClient(), {
      params: { path },
      body: {
        statistics: ["percent", "eventCount"],
        populationIds: ["65a1f0c2e4b0a1b2c3d4e662", "65a1f0c2e4b0a1b2c3d4e663"],
        percentOf: [null, "PARENT"],
        fcsFileIds: [],
        compensationId: -1,
      },
    });

    expect(response.status).toBe(200);
  });

  it("answers a quantile request without q with the server's 400 message", async () => {
    const { data, error, response } = await getBulkStatistics(contractClient(), {
      params: { path },
      body: { statistics: ["mean", "quantile"], channels: "FITC-A" },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(error).toEqual({ error: '"q" is required.' });
  });

  it("is refused by the mock when q is sent as a string", async () => {
    const { response } = await getBulkStatistics(contractClient(), {
      params: { path },
      // @ts-expect-error q must be a JSON number between 0 and 1
      body: { statistics: "quantile", channels: "FITC-A", q: "0.5" },
    });

    expect(response.status).toBe(400);
  });

  it("is refused by the mock when the removed scaleSetId is sent", async () => {
    const { response } = await getBulkStatistics(contractClient(), {
      params: { path },
      body: {
        statistics: "mean",
        channels: "FITC-A",
        // @ts-expect-error scaleSetId left the API in 2019
        scaleSetId: "65a1f0c2e4b0a1b2c3d4e671",
      },
    });

    expect(response.status).toBe(400);
  });

  it("keeps a plain-text 401 body as the error text", async () => {
    const { data, error, response } = await getBulkStatistics(contractClient(), {
      params: { path },
      body: { statistics: "quantile", q: 0.75, channels: "FITC-A" },
      headers: { Prefer: "code=401", Accept: "text/plain" },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(error).toBe("Unauthorized");
  });

  it("is refused without credentials", async () => {
    const { response } = await getBulkStatistics(anonymousClient(), {
      params: { path },
      body: { statistics: "eventCount" },
    });

    expect(response.status).toBe(401);
  });

  it("is marked safe to retry although it is a POST", () => {
    expect(operations.getBulkStatistics.method).toBe("post");
    expect(operations.getBulkStatistics.safeToRetry).toBe(true);
  });
});
