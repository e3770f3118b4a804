import { describe, expect, it } from "vitest";

import {
  deleteAttachment,
  downloadAttachment,
  listAttachments,
  updateAttachment,
  uploadAttachment,
} from "../../src/generated/operations.js";
import type { components } from "../../src/generated/schema.js";
import {
  contractClient,
  pathExamples,
  requestExample,
  responseExample,
  expectViolation,
} from "../support/contract.js";

const EXPERIMENT = "65a1f0c2e4b0a1b2c3d4e5f6";
const attachmentIds = {
  experimentId: EXPERIMENT,
  attachmentId: "65a1f0c2e4b0a1b2c3d4e621",
};

/** The document's example path of an operation on one attachment. */
async function attachmentPath(operationId: string): Promise<typeof attachmentIds> {
  return (await pathExamples(operationId)) as typeof attachmentIds;
}

describe("listAttachments", () => {
  it("returns the attachment metadata as a bare array", async () => {
    const { data, error, response } = await listAttachments(contractClient(), {
      params: {
        path: { experimentId: EXPERIMENT },
        query: { query: 'eq(_id,"65a1f0c2e4b0a1b2c3d4e621")', limit: 2 },
      },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("listAttachments"));
    expect(data?.[0]?.filename).toBe("plate-layout.csv");
  });

  it("is refused by the mock when limit is not a number", async () => {
    const { error, response } = await listAttachments(contractClient(), {
      params: {
        path: { experimentId: EXPERIMENT },
        // @ts-expect-error limit is an integer
        query: { limit: "all" },
      },
    });

    expect(error).toEqual(await responseExample("listAttachments", { status: 400 }));
    expectViolation(response, "limit");
  });
});

describe("uploadAttachment", () => {
  it("uploads a file as a multipart part named data", async () => {
    const csv = new File(["well,donor,condition\nA01,01,Stim\n"], "plate-layout.csv", {
      type: "text/csv",
    });

    const { data, error, response } = await uploadAttachment(contractClient(), {
      params: { path: { experimentId: EXPERIMENT } },
      body: { data: csv },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toEqual(await responseExample("uploadAttachment"));
    expect(data?.created).toBe("2024-01-12T10:04:31.208Z");
  });

  it("is refused by the mock when the multipart body has no data part", async () => {
    const form = new FormData();
    form.append("note", "the file was forgotten");

    const { response } = await contractClient().POST(
      "/api/v1/experiments/{experimentId}/attachments",
      {
        params: { path: { experimentId: EXPERIMENT } },
        // @ts-expect-error the upload needs its `data` part
        body: form,
        bodySerializer: (body: unknown) => body as FormData,
      },
    );

    expectViolation(response, "data");
  });
});

describe("downloadAttachment", () => {
  it("returns the stored bytes, not metadata", async () => {
    const { data, error, response } = await downloadAttachment(contractClient(), {
      params: { path: await attachmentPath("downloadAttachment") },
    });

    expect(error).toBeUndefined();
    expect(response.headers.get("content-type")).toContain("application/octet-stream");
    expect(data).toBeInstanceOf(Blob);

    const example = String(await responseExample("downloadAttachment"));
    const bytes = new Uint8Array(await (data ?? new Blob()).arrayBuffer());
    expect(bytes).toEqual(new TextEncoder().encode(example));
    expect(new TextDecoder().decode(bytes).split("\n")[0]).toBe("well,donor,condition");
  });
});

describe("updateAttachment", () => {
  it("renames the attachment", async () => {
    const body = (await requestExample(
      "updateAttachment",
    )) as components["schemas"]["AttachmentUpdate"];

    const { data, error } = await updateAttachment(contractClient(), {
      params: { path: await attachmentPath("updateAttachment") },
      body,
    });

    expect(error).toBeUndefined();
    expect(data).toEqual(await responseExample("updateAttachment"));
    expect(data?.filename).toBe(body.filename);
  });

  it("is refused by the mock when the new name is empty", async () => {
    const { error, response } = await updateAttachment(contractClient(), {
      params: { path: attachmentIds },
      body: { filename: "" },
    });

    expect(error).toBeDefined();
    expectViolation(response, "filename");
  });
});

describe("deleteAttachment", () => {
  it("answers 204 with no body", async () => {
    const { data, error, response } = await deleteAttachment(contractClient(), {
      params: { path: attachmentIds },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });

  it("answers 404 with an error body when the attachment is gone", async () => {
    const { error, response } = await deleteAttachment(contractClient(), {
      params: { path: attachmentIds },
      headers: { Prefer: "code=404" },
    });

    expect(response.status).toBe(404);
    expect(error).toEqual({ error: "Not found." });
  });
});
