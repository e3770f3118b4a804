import { inspect } from "node:util";

import { afterEach, describe, expect, it } from "vitest";

import {
  deleteExperiment,
  downloadEventsFcs,
  getExperiment,
  listExperiments,
  listFcsFiles,
  updateExperiment,
  uploadAttachment,
} from "../../src/generated/operations.js";
import { Client } from "../../src/handwritten/client.js";
import {
  getDefaultClient,
  setDefaultClient,
} from "../../src/handwritten/default-client.js";
import {
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  NameNotFoundError,
  NoDefaultClientError,
  NotFoundError,
  OtpRequiredError,
} from "../../src/handwritten/errors.js";
import { fakeFetch, json, type SeenRequest } from "../support/fake-fetch.js";

const SESSION = {
  token: "s:session-token-123",
  userId: "6405c7b7e1b2a36f3c0d9a11",
  admin: false,
  flags: { beta: true },
};
const otpRequired = () => json({ error: '"otp" is required.' }, 400);

/** A server that signs in `mlopez` (with code 123456 when `needsOtp`). */
function signInServer(options: { needsOtp?: boolean } = {}) {
  return fakeFetch((request: SeenRequest) => {
    if (request.url.pathname === "/api/v1/signin") {
      const body = JSON.parse(request.body) as { password?: string; otp?: string };
      if (body.password !== "correct-horse")
        return json({ error: "Invalid password." }, 400);
      if (options.needsOtp && body.otp !== "123456") return otpRequired();
      return json(SESSION);
    }
    if (request.url.pathname === "/api/v1/signout")
      return new Response(null, { status: 204 });
    return json([]);
  });
}

afterEach(() => setDefaultClient(undefined));

describe("Client.connect with a token", () => {
  it("makes no request and sends the token as a Bearer header on each call", async () => {
    const server = signInServer();
    const client = await Client.connect({
      token: "cep_abc",
      fetch: server.fetch,
      env: {},
    });

    expect(server.requests).toHaveLength(0);
    expect(client.authenticated).toBe(true);

    await listExperiments(client.http);
    expect(server.requests[0]?.headers.get("authorization")).toBe("Bearer cep_abc");
    expect(server.requests[0]?.url.toString()).not.toContain("cep_abc");
  });

  it("reads CELLENGINE_AUTH_TOKEN and CELLENGINE_BASE_URL", async () => {
    const server = signInServer();
    const client = await Client.connect({
      fetch: server.fetch,
      env: {
        CELLENGINE_AUTH_TOKEN: "cep_env",
        CELLENGINE_BASE_URL: "http://127.0.0.1:9/",
      },
    });

    await listExperiments(client.http);
    expect(client.baseUrl).toBe("http://127.0.0.1:9");
    expect(server.requests[0]?.url.href).toBe("http://127.0.0.1:9/api/v1/experiments");
    expect(server.requests[0]?.headers.get("authorization")).toBe("Bearer cep_env");
  });
});

describe("Client.connect with a password", () => {
  it("signs in once and then uses the session token", async () => {
    const server = signInServer();
    const client = await Client.connect({
      username: "mlopez",
      password: "correct-horse",
      fetch: server.fetch,
      env: { CELLENGINE_AUTH_TOKEN: "cep_ignored" },
    });
    await listExperiments(client.http);

    const [signIn, list] = server.requests;
    expect(signIn?.method).toBe("POST");
    expect(JSON.parse(signIn?.body ?? "")).toEqual({
      username: "mlopez",
      password: "correct-horse",
    });
    expect(list?.headers.get("authorization")).toBe(`Bearer ${SESSION.token}`);
    expect(client).toMatchObject({
      username: "mlopez",
      userId: SESSION.userId,
      admin: false,
      flags: { beta: true },
      authenticated: true,
    });
  });

  it("keeps neither the password nor the token where they can be printed", async () => {
    const server = signInServer();
    const client = await Client.connect({
      username: "mlopez",
      password: "correct-horse",
      fetch: server.fetch,
      env: {},
    });
    const shown = [JSON.stringify(client), inspect(client, { depth: 5 }), String(client)];

    for (const text of shown) {
      expect(text).not.toContain("correct-horse");
      expect(text).not.toContain(SESSION.token);
    }
  });

  it("asks the otp callback once when the server wants a code", async () => {
    const server = signInServer({ needsOtp: true });
    let asked = 0;
    const client = await Client.connect({
      username: "mlopez",
      password: "correct-horse",
      otp: async () => {
        asked += 1;
        return "123456";
      },
      fetch: server.fetch,
      env: {},
    });

    expect(asked).toBe(1);
    expect(server.requests.map((request) => JSON.parse(request.body))).toEqual([
      { username: "mlopez", password: "correct-horse" },
      { username: "mlopez", password: "correct-horse", otp: "123456" },
    ]);
    expect(client.userId).toBe(SESSION.userId);
  });

  it("throws OtpRequiredError without a callback, after one request", async () => {
    const server = signInServer({ needsOtp: true });
    const connect = Client.connect({
      username: "mlopez",
      password: "correct-horse",
      fetch: server.fetch,
      env: {},
    });

    await expect(connect).rejects.toBeInstanceOf(OtpRequiredError);
    expect(server.requests).toHaveLength(1);
  });

  it("passes a wrong password through as the server's BadRequestError", async () => {
    const server = signInServer();
    const connect = Client.connect({
      username: "mlopez",
      password: "nope",
      fetch: server.fetch,
      env: {},
    });

    await expect(connect).rejects.toThrow(BadRequestError);
    await expect(connect).rejects.toThrow("Invalid password.");
  });

  it("reads CELLENGINE_USERNAME and CELLENGINE_PASSWORD", async () => {
    const server = signInServer();
    const client = await Client.connect({
      fetch: server.fetch,
      env: { CELLENGINE_USERNAME: "mlopez", CELLENGINE_PASSWORD: "correct-horse" },
    });

    expect(client.username).toBe("mlopez");
    expect(server.requests).toHaveLength(1);
  });

  it("says which credentials are missing", async () => {
    await expect(Client.connect({ env: {} })).rejects.toThrow(ConfigurationError);
    await expect(Client.connect({ env: {} })).rejects.toThrow(/CELLENGINE_AUTH_TOKEN/);
  });
});

describe("the default client", () => {
  it("is set by connect unless told not to", async () => {
    const server = signInServer();
    const first = await Client.connect({ token: "a", fetch: server.fetch, env: {} });
    await Client.connect({ token: "b", fetch: server.fetch, env: {}, setDefault: false });

    expect(getDefaultClient()).toBe(first);
  });

  it("throws a NoDefaultClientError that says how to set one", () => {
    expect(() => getDefaultClient()).toThrow(NoDefaultClientError);
    expect(() => getDefaultClient()).toThrow(/Client\.connect/);
  });
});

describe("signOut", () => {
  it("revokes the token on the server, then forgets it", async () => {
    const server = signInServer();
    const client = await Client.connect({
      token: "cep_abc",
      fetch: server.fetch,
      env: {},
    });

    await client.signOut();

    expect(server.requests[0]?.url.pathname).toBe("/api/v1/signout");
    expect(server.requests[0]?.headers.get("authorization")).toBe("Bearer cep_abc");
    expect(client.authenticated).toBe(false);
  });
});

describe("query values", () => {
  it("sends booleans in lower case, keeps 0 and false, omits undefined and null", async () => {
    const server = signInServer();
    const client = new Client({ token: "t", fetch: server.fetch, env: {} });

    await listFcsFiles(client.http, {
      params: {
        path: { experimentId: "65a1f0c2e4b0a1b2c3d4e5f6" },
        query: {
          includeControls: false,
          skip: 0,
          limit: undefined,
          // A JavaScript caller may pass null; it must not become the text "null".
          query: null as unknown as undefined,
        },
      },
    });

    expect(server.requests[0]?.url.search).toBe("?includeControls=false&skip=0");
  });
});

describe("name lookups through the client", () => {
  const experimentsServer = (items: { _id: string; name: string }[]) =>
    fakeFetch(() => json(items.map((item) => ({ ...item, deleted: null }))));

  it("caches an ID, so a second lookup makes no request", async () => {
    const server = experimentsServer([{ _id: "65a1f0c2e4b0a1b2c3d4e5f6", name: "PBMC" }]);
    const client = new Client({ token: "t", fetch: server.fetch, env: {} });

    expect(await client.resolveId("experiments", "PBMC")).toBe(
      "65a1f0c2e4b0a1b2c3d4e5f6",
    );
    expect(await client.resolveId("experiments", "PBMC")).toBe(
      "65a1f0c2e4b0a1b2c3d4e5f6",
    );

    expect(server.requests).toHaveLength(1);
    expect(client.cacheInfo()).toEqual({ hits: 1, misses: 1, size: 1 });
    client.cacheClear();
    expect(client.cacheInfo()).toEqual({ hits: 0, misses: 0, size: 0 });
  });

  it("looks a stale cached ID up again once when it answers 404", async () => {
    let currentId = "65a1f0c2e4b0a1b2c3d4e5f6";
    const server = fakeFetch(() =>
      json([{ _id: currentId, name: "PBMC", deleted: null }]),
    );
    const client = new Client({ token: "t", fetch: server.fetch, env: {} });
    await client.resolveId("experiments", "PBMC");

    currentId = "65a1f0c2e4b0a1b2c3d4e5f7";
    const used: string[] = [];
    const result = await client.withResolvedId("experiments", "PBMC", {}, async (id) => {
      used.push(id);
      if (id !== currentId) {
        throw new NotFoundError({
          status: 404,
          method: "GET",
          url: "https://x.test/",
          serverMessage: "Not found.",
          body: undefined,
        });
      }
      return id;
    });

    expect(used).toEqual(["65a1f0c2e4b0a1b2c3d4e5f6", "65a1f0c2e4b0a1b2c3d4e5f7"]);
    expect(result).toBe("65a1f0c2e4b0a1b2c3d4e5f7");
    expect(server.requests).toHaveLength(2);
  });
});

describe("credential hygiene", () => {
  const TOKEN = "cep_SECRET_1234567890";

  it("masks a token the server echoes back in any shape", async () => {
    const server = fakeFetch(() => json({ error: `Token ${TOKEN} has expired` }, 401));
    const client = new Client({ token: TOKEN, fetch: server.fetch, env: {} });

    const error = await listExperiments(client.http).catch((caught: unknown) => caught);
    const shown = [
      String(error),
      (error as Error).stack,
      JSON.stringify(error),
      inspect(error),
    ];

    expect(error).toBeInstanceOf(AuthenticationError);
    for (const text of shown) expect(text).not.toContain(TOKEN);
    expect(String(error)).toContain("Token [REDACTED] has expired");
  });

  it.each([
    [{ token: "" }, "token is empty"],
    [
      { token: "cep_abc\ndef" },
      "token contains spaces, line breaks or control characters",
    ],
    [
      { env: { CELLENGINE_AUTH_TOKEN: "cep abc" } },
      "CELLENGINE_AUTH_TOKEN contains spaces",
    ],
  ])("refuses an unusable token %j without echoing it", (options, message) => {
    const attempt = () => new Client({ env: {}, ...options });

    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(message);
    expect(attempt).not.toThrow(/abc/);
  });
});

describe("signOut, continued", () => {
  it("clears everything and stops being the default, even when the server refuses", async () => {
    const server = fakeFetch((request) =>
      request.url.pathname === "/api/v1/signin"
        ? json({ ...SESSION, admin: true })
        : json({ error: "Session expired." }, 401),
    );
    const client = await Client.connect({
      username: "mlopez",
      password: "correct-horse",
      fetch: server.fetch,
      env: {},
    });

    await expect(client.signOut()).rejects.toBeInstanceOf(AuthenticationError);

    expect(client).toMatchObject({
      authenticated: false,
      username: undefined,
      userId: undefined,
      admin: undefined,
      flags: undefined,
    });
    expect(() => getDefaultClient()).toThrow(NoDefaultClientError);
  });
});

describe("the name cache and changes made through the client", () => {
  const EXPERIMENT_ID = "65a1f0c2e4b0a1b2c3d4e5f6";

  function experimentServer() {
    let name = "PBMC";
    return fakeFetch((request) => {
      if (request.method === "PATCH") {
        name = (JSON.parse(request.body) as { name: string }).name;
        return json({ _id: EXPERIMENT_ID, name, deleted: null });
      }
      if (request.method === "DELETE") return new Response(null, { status: 204 });
      const query = request.url.searchParams.get("query") ?? "";
      return json(
        query.includes(`"${name}"`) ? [{ _id: EXPERIMENT_ID, name, deleted: null }] : [],
      );
    });
  }

  it("drops a cached name after a rename, so it is looked up again", async () => {
    const server = experimentServer();
    const client = new Client({ token: "t", fetch: server.fetch, env: {} });
    await client.resolveId("experiments", "PBMC");

    await updateExperiment(client.http, {
      params: { path: { experimentId: EXPERIMENT_ID } },
      body: { name: "PBMC renamed" },
    });

    await expect(client.resolveId("experiments", "PBMC")).rejects.toThrow(
      NameNotFoundError,
    );
    expect(server.requests.map((request) => request.method)).toEqual([
      "GET",
      "PATCH",
      "GET",
    ]);
  });

  it("drops a cached name after a delete", async () => {
    const server = experimentServer();
    const client = new Client({ token: "t", fetch: server.fetch, env: {} });
    await client.resolveId("experiments", "PBMC");

    await deleteExperiment(client.http, {
      params: { path: { experimentId: EXPERIMENT_ID } },
    });

    expect(client.cacheInfo().size).toBe(0);
  });

  it("recovers from a stale ID whose GET answers 404, with one fresh lookup", async () => {
    let currentId = "65a1f0c2e4b0a1b2c3d4e5f6";
    const server = fakeFetch((request) => {
      if (request.url.pathname.endsWith("/experiments")) {
        return json([{ _id: currentId, name: "PBMC", deleted: null }]);
      }
      return request.url.pathname.endsWith(currentId)
        ? json({ _id: currentId, name: "PBMC" })
        : json({ error: "Experiment not found" }, 404);
    });
    const client = new Client({ token: "t", fetch: server.fetch, env: {} });
    await client.resolveId("experiments", "PBMC");
    currentId = "65a1f0c2e4b0a1b2c3d4e5f7";

    const experiment = await client.withResolvedId(
      "experiments",
      "PBMC",
      {},
      async (id) => {
        const { data } = await getExperiment(client.http, {
          params: { path: { experimentId: id } },
        });
        return data;
      },
    );

    expect(experiment?._id).toBe("65a1f0c2e4b0a1b2c3d4e5f7");
    expect(server.requests.map((request) => request.url.pathname)).toEqual([
      "/api/v1/experiments",
      "/api/v1/experiments/65a1f0c2e4b0a1b2c3d4e5f6",
      "/api/v1/experiments",
      "/api/v1/experiments/65a1f0c2e4b0a1b2c3d4e5f7",
    ]);
  });
});

describe("transfers through the client", () => {
  const path = {
    experimentId: "65a1f0c2e4b0a1b2c3d4e5f6",
    fcsFileId: "65a1f0c2e4b0a1b2c3d4e611",
  };

  it("sends the Bearer header with multipart uploads and binary downloads", async () => {
    const server = fakeFetch((request) =>
      request.method === "POST"
        ? json({ _id: "65a1f0c2e4b0a1b2c3d4e621" }, 201)
        : new Response("FCS3.1", {
            headers: { "content-type": "application/vnd.isac.fcs" },
          }),
    );
    const client = new Client({
      token: "cep_transfer_token",
      fetch: server.fetch,
      env: {},
    });

    await uploadAttachment(client.http, {
      params: { path: { experimentId: path.experimentId } },
      body: { data: new File(["a,b\n"], "plate layout.csv") },
    });
    const download = await downloadEventsFcs(client.http, {
      params: {
        path,
        // A JavaScript caller may pass null; compensationId=null breaks the API.
        query: { compensationId: null as unknown as undefined, original: false, seed: 0 },
      },
    });

    const [upload, events] = server.requests;
    expect(upload?.headers.get("authorization")).toBe("Bearer cep_transfer_token");
    expect(upload?.headers.get("content-type")).toMatch(
      /^multipart\/form-data; boundary=/,
    );
    expect(upload?.body).toContain('filename="plate layout.csv"');
    expect(events?.headers.get("authorization")).toBe("Bearer cep_transfer_token");
    expect(events?.url.search).toBe("?original=false&seed=0");
    expect(await download.data?.text()).toBe("FCS3.1");
  });
});
