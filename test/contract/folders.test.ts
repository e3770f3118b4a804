import { describe, expect, it } from "vitest";

import {
  createFolder,
  deleteFolder,
  getFolder,
  listFolders,
  updateFolder,
} from "../../src/generated/operations.js";
import type { components } from "../../src/generated/schema.js";
import {
  contractClient,
  expectRefused,
  requestExample,
  responseExample,
} from "../support/contract.js";

type Schemas = components["schemas"];

const FOLDER_ID = "65a1f0c2e4b0a1b2c3d4e601";
const path = { folderId: FOLDER_ID };

describe("listFolders", () => {
  it("returns the folders with their enclosing folder paths", async () => {
    const { data, error, response } = await listFolders(contractClient(), {
      params: { query: { query: "eq(deleted,null)", limit: 50 } },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("listFolders"));
    expect(data?.[1]?.path).toEqual([FOLDER_ID]);
  });

  it("is refused with a 400 when skip is not a number", async () => {
    const { error, response } = await listFolders(contractClient(), {
      // @ts-expect-error skip is an integer
      params: { query: { skip: "first" } },
    });

    expect(await expectRefused("listFolders", response, error)).toContain("skip");
  });
});

describe("createFolder", () => {
  it("answers 201 with a root folder owned by the creator", async () => {
    const body = (await requestExample("createFolder")) as Schemas["FolderCreate"];

    const { data, error, response } = await createFolder(contractClient(), { body });

    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toEqual(await responseExample("createFolder"));
    expect(data?.path).toEqual([]);
    expect(data?.deleted).toBeNull();
    expect(data?.permissions[0]?.grantee._id).toBe(data?.creator);
  });

  it("is refused with a 400 when the path is not a list of IDs", async () => {
    const { error, response } = await createFolder(contractClient(), {
      // @ts-expect-error path is an array of folder IDs
      body: { name: "Immunophenotyping", path: FOLDER_ID },
    });

    expect(await expectRefused("createFolder", response, error)).toContain("path");
  });
});

describe("getFolder", () => {
  it("returns the example folder with its creator as an ID string", async () => {
    const { data, error, response } = await getFolder(contractClient(), {
      params: { path },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("getFolder"));
    expect(data?.creator).toBe("6405c7b7e1b2a36f3c0d9a11");
  });

  it("reports an unknown folder as a 404 error body", async () => {
    const { error, response } = await getFolder(contractClient(), {
      params: { path },
      headers: { Prefer: "code=404" },
    });

    expect(response.status).toBe(404);
    expect(error).toEqual({ error: "Not found." });
  });
});

describe("updateFolder", () => {
  it("renames the folder and returns it", async () => {
    const body = (await requestExample("updateFolder")) as Schemas["FolderUpdate"];

    const { data, error, response } = await updateFolder(contractClient(), {
      params: { path },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("updateFolder"));
    expect(data?.name).toBe(body.name);
  });

  it("accepts deleted: null to restore a folder", async () => {
    const { response } = await updateFolder(contractClient(), {
      params: { path },
      body: { deleted: null },
    });

    expect(response.status).toBe(200);
  });
});

describe("deleteFolder", () => {
  it("answers 204 with no body", async () => {
    const { data, error, response } = await deleteFolder(contractClient(), {
      params: { path },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });
});
