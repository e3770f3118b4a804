import { describe, expect, it } from "vitest";

import {
  createFcsFile,
  deleteFcsFile,
  downloadEventsFcs,
  downloadEventsTsv,
  downloadFcsFilesZip,
  getFcsFile,
  listFcsFiles,
  transferEventsFcsToS3,
  transferEventsTsvToS3,
  updateFcsFile,
} from "../../src/generated/operations.js";
import type { components } from "../../src/generated/schema.js";
import {
  contractClient,
  pathExamples,
  requestExample,
  responseExample,
  expectViolation,
} from "../support/contract.js";

type Schemas = components["schemas"];

const EXPERIMENT = "65a1f0c2e4b0a1b2c3d4e5f6";
const FILE = "65a1f0c2e4b0a1b2c3d4e611";
const fileIds = { experimentId: EXPERIMENT, fcsFileId: FILE };

/** The document's example path of an operation on one file. */
async function filePath(operationId: string): Promise<typeof fileIds> {
  return (await pathExamples(operationId)) as typeof fileIds;
}

/** The document's example path of an operation on the experiment's files. */
async function experimentPath(operationId: string): Promise<{ experimentId: string }> {
  return (await pathExamples(operationId)) as { experimentId: string };
}

async function bytesOf(blob: Blob | undefined): Promise<Uint8Array> {
  return new Uint8Array(await (blob ?? new Blob()).arrayBuffer());
}

function bytesOfText(text: unknown): Uint8Array {
  return new TextEncoder().encode(String(text));
}

describe("listFcsFiles", () => {
  it("returns the files as a bare array without header or spill string", async () => {
    const { data, error, response } = await listFcsFiles(contractClient(), {
      params: {
        path: await experimentPath("listFcsFiles"),
        query: {
          includeControls: true,
          limit: 2,
          query: 'eq(filename,"Donor01_Stim.fcs")',
        },
      },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("listFcsFiles"));
    expect(data?.map((file) => file.filename)).toEqual([
      "Donor01_Stim.fcs",
      "Donor01_Unstim.fcs",
    ]);
    expect(data?.every((file) => file.header === undefined)).toBe(true);
  });

  it("keeps a panel entry without a reagent key", async () => {
    const { data } = await listFcsFiles(contractClient(), {
      params: { path: { experimentId: EXPERIMENT } },
    });
    const panel = data?.[0]?.panel ?? [];

    expect(panel[0]).toEqual({ channel: "FSC-A", index: 1 });
    expect(panel[0] && "reagent" in panel[0]).toBe(false);
    expect(panel[2]).toEqual({ channel: "FITC-A", reagent: "CD3", index: 3 });
  });

  it("is refused by the mock when includeControls is not a boolean", async () => {
    const { error, response } = await listFcsFiles(contractClient(), {
      params: {
        path: { experimentId: EXPERIMENT },
        // @ts-expect-error includeControls is a boolean
        query: { includeControls: "sometimes" },
      },
    });

    expect(error).toEqual(await responseExample("listFcsFiles", { status: 400 }));
    expectViolation(response, "includeControls");
  });
});

describe("createFcsFile", () => {
  it("uploads an FCS file as a multipart part named data", async () => {
    const fcs = new File(["FCS3.1    fake bytes"], "Donor01_Stim.fcs", {
      type: "application/octet-stream",
    });

    const { data, error, response } = await createFcsFile(contractClient(), {
      params: { path: { experimentId: EXPERIMENT } },
      body: { data: fcs },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toEqual(await responseExample("createFcsFile"));
    expect(data?.filename).toBe("Donor01_Stim.fcs");
  });

  it("is refused by the mock when the multipart body has no data part", async () => {
    const form = new FormData();
    form.append("comment", "no file here");

    const { response } = await contractClient().POST(
      "/api/v1/experiments/{experimentId}/fcsfiles",
      {
        params: { path: { experimentId: EXPERIMENT } },
        // @ts-expect-error the upload needs its `data` part
        body: form,
        bodySerializer: (body: unknown) => body as FormData,
      },
    );

    expectViolation(response, "data");
  });

  it("copies a file from another experiment with a JSON body", async () => {
    const body = (await requestExample("createFcsFile")) as Schemas["FcsFileCreate"];

    const { data, error, response } = await createFcsFile(contractClient(), {
      params: { path: { experimentId: EXPERIMENT } },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toEqual(await responseExample("createFcsFile"));
  });

  it("is refused by the mock when a source file uses a snake_case key", async () => {
    const { error, response } = await createFcsFile(contractClient(), {
      params: { path: { experimentId: EXPERIMENT } },
      body: {
        // @ts-expect-error the key is experimentId, not experiment_id
        fcsFiles: [{ _id: FILE, experiment_id: "65a1f0c2e4b0a1b2c3d4e5f7" }],
      },
    });

    expect(error).toBeDefined();
    expectViolation(response, "experiment_id");
  });
});

describe("getFcsFile", () => {
  it("returns the full file with its header as a JSON-encoded string", async () => {
    const { data, error } = await getFcsFile(contractClient(), {
      params: { path: await filePath("getFcsFile") },
    });

    expect(error).toBeUndefined();
    expect(data).toEqual(await responseExample("getFcsFile"));

    const header = JSON.parse(data?.header ?? "{}") as Record<string, string>;
    expect(header.$P3S).toBe("CD3");
    expect(header.$TOT?.trim()).toBe("25000");
    expect(data?.spillString?.split(",").slice(0, 4)).toEqual([
      "3",
      "FITC-A",
      "PE-A",
      "APC-A",
    ]);
  });

  it("answers 404 with an error body for a missing file", async () => {
    const { data, error, response } = await getFcsFile(contractClient(), {
      params: { path: fileIds },
      headers: { Prefer: "code=404" },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual({ error: "Not found." });
  });
});

describe("updateFcsFile", () => {
  it("replaces the annotations and returns the updated file", async () => {
    const body = (await requestExample("updateFcsFile")) as Schemas["FcsFileUpdate"];

    const { data, error } = await updateFcsFile(contractClient(), {
      params: { path: await filePath("updateFcsFile") },
      body,
    });

    expect(error).toBeUndefined();
    expect(data).toEqual(await responseExample("updateFcsFile"));
    expect(data?.annotations).toEqual(body.annotations);
  });

  it("is refused by the mock when the per-file compensation is -2", async () => {
    const { error, response } = await updateFcsFile(contractClient(), {
      params: { path: fileIds },
      // @ts-expect-error -2 (per-file) is not a valid compensation of a file
      body: { compensation: -2 },
    });

    expect(error).toBeDefined();
    expectViolation(response, "compensation");
  });
});

describe("deleteFcsFile", () => {
  it("answers 204 with no body", async () => {
    const { data, error, response } = await deleteFcsFile(contractClient(), {
      params: { path: fileIds },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });
});

describe("downloadEventsFcs", () => {
  it("returns the FCS bytes, not the JSON of the single-file route", async () => {
    const { data, error, response } = await downloadEventsFcs(contractClient(), {
      params: {
        path: await filePath("downloadEventsFcs"),
        query: {
          populationId: "65a1f0c2e4b0a1b2c3d4e663",
          compensationId: "65a1f0c2e4b0a1b2c3d4e631",
          compensatedQ: true,
          postSubsampleN: 5000,
          seed: 2.25,
        },
      },
    });

    expect(error).toBeUndefined();
    expect(response.headers.get("content-type")).toContain("application/vnd.isac.fcs");
    expect(data).toBeInstanceOf(Blob);

    const expected = bytesOfText(await responseExample("downloadEventsFcs"));
    expect(await bytesOf(data)).toEqual(expected);
    expect(new TextDecoder().decode((await bytesOf(data)).slice(0, 6))).toBe("FCS3.1");
  });

  it("accepts the special compensation -1 in the query", async () => {
    const { error, response } = await downloadEventsFcs(contractClient(), {
      params: { path: fileIds, query: { compensationId: -1, original: false } },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
  });

  it("is refused by the mock when a subsample fraction exceeds 1", async () => {
    const { error, response } = await downloadEventsFcs(contractClient(), {
      params: { path: fileIds, query: { preSubsampleP: 2 } },
    });

    expect(error).toBeDefined();
    expectViolation(response, "preSubsampleP");
  });
});

describe("downloadEventsTsv", () => {
  it("returns tab-separated rows with a header row", async () => {
    const { data, error, response } = await downloadEventsTsv(contractClient(), {
      params: { path: await filePath("downloadEventsTsv"), query: { headers: true } },
    });

    expect(error).toBeUndefined();
    expect(response.headers.get("content-type")).toContain("text/tab-separated-values");

    const expected = bytesOfText(await responseExample("downloadEventsTsv"));
    expect(await bytesOf(data)).toEqual(expected);

    const rows = (await (data ?? new Blob()).text()).split("\r\n");
    expect(rows[0]?.split("\t")).toEqual(["FSC-A", "SSC-A", "FITC-A", "PE-A", "APC-A"]);
    expect(rows[1]?.split("\t").map(Number)).toEqual([
      61234.5, 20411.75, 152.25, 8841.5, -35.5,
    ]);
  });
});

describe("transferEventsFcsToS3", () => {
  it("answers with what S3 replied", async () => {
    const body = (await requestExample(
      "transferEventsFcsToS3",
    )) as Schemas["S3TransferRequest"];

    const { data, error } = await transferEventsFcsToS3(contractClient(), {
      params: { path: fileIds, query: { compensationId: 0 } },
      body,
    });

    expect(error).toBeUndefined();
    expect(data).toEqual(await responseExample("transferEventsFcsToS3"));
    expect(data?.s3Status).toBe(200);
  });

  it("is refused by the mock when the destination has no host", async () => {
    const { error, response } = await transferEventsFcsToS3(contractClient(), {
      params: { path: fileIds },
      // @ts-expect-error the destination needs a host
      body: { dest: { path: "/donor01" } },
    });

    expect(error).toBeDefined();
    expectViolation(response, "host");
  });
});

describe("transferEventsTsvToS3", () => {
  it("sends the TSV events to a private bucket", async () => {
    const body = (await requestExample(
      "transferEventsTsvToS3",
    )) as Schemas["S3TransferRequest"];

    const { data, error } = await transferEventsTsvToS3(contractClient(), {
      params: { path: fileIds, query: { headers: true } },
      body,
    });

    expect(error).toBeUndefined();
    expect(body.dest.accessKey).toBeDefined();
    expect(data).toEqual(await responseExample("transferEventsTsvToS3"));
  });
});

describe("downloadFcsFilesZip", () => {
  it("returns the ZIP archive as bytes", async () => {
    const body = (await requestExample(
      "downloadFcsFilesZip",
    )) as Schemas["ZipDownloadRequest"];

    const { data, error, response } = await downloadFcsFilesZip(contractClient(), {
      params: { path: { experimentId: EXPERIMENT } },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.headers.get("content-type")).toContain("application/zip");

    const bytes = await bytesOf(data);
    expect(bytes).toEqual(bytesOfText(await responseExample("downloadFcsFilesZip")));
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  it("is refused by the mock for an unknown format", async () => {
    const { error, response } = await downloadFcsFilesZip(contractClient(), {
      params: { path: { experimentId: EXPERIMENT } },
      // @ts-expect-error the format is one of fcs, tsv (with header), tsv (without header)
      body: { format: "csv" },
    });

    expect(error).toBeDefined();
    expectViolation(response, "format");
  });
});
