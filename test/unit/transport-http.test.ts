/**
 * The transport over real sockets, against test/support/http-server.ts: resets,
 * slow and stalled answers, aborts and Retry-After, with attempt counts taken from
 * what the server received. Timing bounds are generous on purpose.
 */
import createClient from "openapi-fetch";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import {
  AbortError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from "../../src/handwritten/errors.js";
import type { paths } from "../../src/generated/schema.js";
import { createLogger, type Logger } from "../../src/handwritten/logger.js";
import {
  createTransport,
  type TransportOptions,
} from "../../src/handwritten/transport.js";
import {
  delayed,
  echo,
  json,
  resetConnection,
  stallBody,
  startTestServer,
  text,
  trickle,
  type TestServer,
} from "../support/http-server.js";
import { failureOf } from "../support/failure.js";

const TOKEN = "tok-http-8a61f3c0b2";
const PATH = "/api/v1/experiments";

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

function setUp(overrides: Partial<TransportOptions> = {}) {
  const waits: number[] = [];
  const transport = createTransport({
    fetch: globalThis.fetch,
    getToken: () => TOKEN,
    maxRetries: 2,
    timeoutMs: 2_000,
    maxRequestsPerSecond: 100,
    concurrency: 8,
    logger: createLogger("off"),
    isSafeToRetry: () => false,
    // Real waits of a few ms: fast, but still through the signal-aware path.
    sleep: (ms, signal) => {
      waits.push(ms);
      return new Promise((resolve, reject) => {
        if (signal?.aborted) reject(signal.reason);
        setTimeout(resolve, 5);
      });
    },
    random: () => 0,
    ...overrides,
  });
  return { transport, waits };
}

function get(path = PATH, init?: RequestInit) {
  return new Request(`${server.url}${path}`, init);
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

describe("connection resets", () => {
  it("retries a GET whose connection was reset and returns the next answer", async () => {
    server.route(PATH, resetConnection(), json(200, [{ _id: "e1" }]));
    const { transport } = setUp();

    const response = await transport.fetch(get());

    expect(await response.json()).toEqual([{ _id: "e1" }]);
    expect(server.receivedOn(PATH)).toHaveLength(2);
  });

  it("sends an unsafe POST exactly once when its upload is cut off", async () => {
    server.route(PATH, resetConnection({ midBody: true }), json(201, {}));
    const { transport } = setUp({ maxRetries: 5 });
    const upload = new Uint8Array(4 * 1024 * 1024).fill(70);

    const error = await failureOf(
      transport.fetch(get(PATH, { method: "POST", body: upload })),
    );

    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(new RegExp(`^POST ${server.url}${PATH} failed: `));
    expect(error.cause).toBeInstanceOf(Error);
    expect(server.receivedOn(PATH)).toHaveLength(1);
  });

  it("sends an unsafe POST exactly once when the answer never comes", async () => {
    server.route(PATH, resetConnection(), json(201, {}));
    const { transport } = setUp({ maxRetries: 5 });

    const error = await failureOf(
      transport.fetch(get(PATH, { method: "POST", body: '{"name":"New"}' })),
    );

    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.receivedOn(PATH)).toHaveLength(1);
    expect(server.receivedOn(PATH)[0]?.body).toBe('{"name":"New"}');
  });

  it("resends a read-only POST intact after a reset", async () => {
    const path = "/api/v1/experiments/e1/bulkstatistics";
    server.route(path, resetConnection(), echo());
    const { transport } = setUp({ isSafeToRetry: (_, url) => url.pathname === path });
    const body = JSON.stringify({ statistics: ["median"], channels: ["PE-A"], q: 0.5 });

    const response = await transport.fetch(
      get(path, {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
      }),
    );

    const bodies = server.receivedOn(path).map((request) => request.body);
    expect(bodies).toEqual([body, body]);
    expect(await response.json()).toMatchObject({ method: "POST", body });
  });
});

describe("streamed uploads", () => {
  function streamOf(parts: string[]) {
    const encoder = new TextEncoder();
    return new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(encoder.encode(part));
        controller.close();
      },
    });
  }

  function streamedPost(path: string, parts: string[]) {
    // Node needs `duplex: "half"` for a stream body; the DOM typings do not know it.
    return get(path, {
      method: "POST",
      body: streamOf(parts),
      duplex: "half",
    } as RequestInit);
  }

  it("sends a streamed upload once, whole", async () => {
    server.route(PATH, echo());
    const { transport } = setUp();

    const response = await transport.fetch(
      streamedPost(PATH, ["FCS3.1", " data", " end"]),
    );

    expect(await response.json()).toMatchObject({ body: "FCS3.1 data end" });
    expect(server.receivedOn(PATH)).toHaveLength(1);
  });

  it("resends a streamed read-only POST whole after a reset", async () => {
    server.route(PATH, resetConnection(), echo());
    const { transport } = setUp({ isSafeToRetry: () => true });

    await transport.fetch(streamedPost(PATH, ["part one,", " part two"]));

    const bodies = server.receivedOn(PATH).map((request) => request.body);
    expect(bodies).toEqual(["part one, part two", "part one, part two"]);
  });
});

describe("status answers", () => {
  it("retries 503s with backoff and throws the last one as ServerError", async () => {
    server.route(PATH, json(503, { error: "Service unavailable" }));
    const { transport, waits } = setUp();

    const error = await failureOf(transport.fetch(get()));

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, message: "Service unavailable" });
    expect(server.receivedOn(PATH)).toHaveLength(3);
    expect(waits).toEqual([250, 500]);
  });

  it("waits as long as a 429's Retry-After says before trying again", async () => {
    server.route(
      PATH,
      json(429, { error: "Too many" }, { "retry-after": "1" }),
      json(200, []),
    );
    const { transport } = setUp({ sleep: undefined });

    const [response, elapsed] = await timed(() => transport.fetch(get()));

    expect(response.status).toBe(200);
    const [first, second] = server.receivedOn(PATH);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(5_000);
  });

  it("throws a final 429 as RateLimitError after its retries", async () => {
    server.route(PATH, json(429, { error: "Too many" }, { "retry-after": "0" }));
    const { transport } = setUp({ maxRetries: 1 });

    const error = await failureOf(transport.fetch(get()));

    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.receivedOn(PATH)).toHaveLength(2);
  });

  it("throws a 404 with the message of its JSON body and does not retry", async () => {
    server.route(`${PATH}/e9`, json(404, { error: "Experiment not found." }));
    const { transport } = setUp();

    const error = await failureOf(transport.fetch(get(`${PATH}/e9`)));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("Experiment not found.");
    expect(server.receivedOn(`${PATH}/e9`)).toHaveLength(1);
  });

  it("takes a proxy's HTML 502 page's text as the message, shortened", async () => {
    server.route(
      PATH,
      text(502, `<html><body>${"Bad gateway ".repeat(40)}</body></html>`),
    );
    const { transport } = setUp({ maxRetries: 0 });

    const error = await failureOf(transport.fetch(get()));

    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toHaveLength(200);
    expect(error.message.startsWith("Bad gateway Bad gateway")).toBe(true);
  });
});

describe("timeouts", () => {
  it("fails with TimeoutError when headers do not come in time", async () => {
    server.route(PATH, delayed(3_000, json(200, [])));
    const { transport } = setUp({ timeoutMs: 150, maxRetries: 0 });

    const [error, elapsed] = await timed(() => failureOf(transport.fetch(get())));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe(
      `GET ${server.url}${PATH} got no answer within 150 ms; raise \`timeoutMs\` for ` +
        "slow operations",
    );
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_500);
  });

  it("retries a GET that timed out and returns the quick second answer", async () => {
    server.route(PATH, delayed(3_000, json(200, ["slow"])), json(200, ["quick"]));
    const { transport } = setUp({ timeoutMs: 150 });

    const response = await transport.fetch(get());

    expect(await response.json()).toEqual(["quick"]);
    expect(server.receivedOn(PATH)).toHaveLength(2);
  });

  it("fails reading a body that stalls after its first chunk", async () => {
    server.route(PATH, stallBody('[{"_id":"e1"},'));
    const { transport } = setUp({ timeoutMs: 150 });

    const response = await transport.fetch(get());
    const [error, elapsed] = await timed(() => failureOf(response.text()));

    expect(response.status).toBe(200);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_500);
    expect(server.receivedOn(PATH)).toHaveLength(1);
  });

  it("fails reading a stalled body through response.body or a clone too", async () => {
    server.route(PATH, stallBody('[{"_id":"e1"},'));
    const { transport } = setUp({ timeoutMs: 150 });

    const streamed = await transport.fetch(get());
    const reader = streamed.body!.getReader();
    await reader.read();
    const cloned = (await transport.fetch(get())).clone();

    expect(await failureOf(reader.read())).toBeInstanceOf(TimeoutError);
    expect(await failureOf(cloned.text())).toBeInstanceOf(TimeoutError);
  });

  it("reads a guarded body as bytes, a blob or a clone, and only once", async () => {
    server.route(PATH, json(200, ["a"]));
    const { transport } = setUp();

    const bytes = await (await transport.fetch(get())).arrayBuffer();
    const blob = await (await transport.fetch(get())).blob();
    const original = await transport.fetch(get());
    const copy = original.clone();

    expect(new TextDecoder().decode(bytes)).toBe('["a"]');
    expect([blob.type, await blob.text()]).toEqual(["application/json", '["a"]']);
    expect([await original.json(), await copy.text()]).toEqual([["a"], '["a"]']);
    expect(original.bodyUsed).toBe(true);
    await expect(original.text()).rejects.toBeInstanceOf(TypeError);
  });

  it("keeps reading a slow body as long as each chunk comes within timeoutMs", async () => {
    const chunks = ["a", "b", "c", "d", "e", "f", "g", "h"];
    server.route(PATH, trickle(chunks, 60));
    const { transport } = setUp({ timeoutMs: 250 });

    const [body, elapsed] = await timed(async () =>
      (await transport.fetch(get())).text(),
    );

    expect(body).toBe("abcdefgh");
    // The whole transfer outlasts timeoutMs; only the gaps between chunks are bounded.
    expect(elapsed).toBeGreaterThan(350);
  });

  it("bounds a whole JSON answer by timeoutMs, however steadily it trickles", async () => {
    const chunks = ['["', "a", "b", "c", "d", "e", "f", "g", '"]'];
    server.route(PATH, trickle(chunks, 60, { contentType: "application/json" }));
    const { transport } = setUp({ timeoutMs: 250, maxRetries: 0 });

    const response = await transport.fetch(get());
    const [error, elapsed] = await timed(() => failureOf(response.json()));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(elapsed).toBeLessThan(450);
  });

  it("does not count time the caller spends before reading the body", async () => {
    server.route(PATH, trickle(["one", "two"], 10));
    const { transport } = setUp({ timeoutMs: 100 });

    const response = await transport.fetch(get());
    await new Promise((resolve) => setTimeout(resolve, 250));

    expect(await response.text()).toBe("onetwo");
  });
});

describe("aborts", () => {
  it("fails with AbortError while waiting for headers, and does not retry", async () => {
    server.route(PATH, delayed(3_000, json(200, [])));
    const { transport } = setUp();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    const [error, elapsed] = await timed(() =>
      failureOf(transport.withControls({ signal: controller.signal })(get())),
    );

    expect(error).toBeInstanceOf(AbortError);
    expect(elapsed).toBeLessThan(1_500);
    expect(server.receivedOn(PATH)).toHaveLength(1);
  });

  it("fails with AbortError while the body is being read", async () => {
    server.route(PATH, stallBody("partial"));
    const { transport } = setUp();
    const controller = new AbortController();

    const response = await transport.withControls({ signal: controller.signal })(get());
    setTimeout(() => controller.abort(new Error("user left")), 50);
    const error = await failureOf(response.text());

    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error("user left"));
  });

  it("stops during a Retry-After wait without sending again", async () => {
    server.route(PATH, json(503, {}, { "retry-after": "30" }), json(200, []));
    const { transport } = setUp({ sleep: undefined });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    const [error, elapsed] = await timed(() =>
      failureOf(transport.withControls({ signal: controller.signal })(get())),
    );

    expect(error).toBeInstanceOf(AbortError);
    expect(elapsed).toBeLessThan(1_500);
    expect(server.receivedOn(PATH)).toHaveLength(1);
  });
});

describe("through openapi-fetch", () => {
  it("serves as the client's fetch and a call's fetch, with the token on each", async () => {
    server.route(PATH, echo());
    const { transport } = setUp();
    const http = createClient<paths>({ baseUrl: server.url, fetch: transport.fetch });

    const plain = await http.GET(PATH, { params: { query: { limit: 2 } } });
    const controlled = await http.GET(PATH, {
      fetch: transport.withControls({ timeoutMs: 1_000, maxRetries: 0 }),
    });

    expect(plain.response.status).toBe(200);
    expect(controlled.response.status).toBe(200);
    const received = server.receivedOn(PATH);
    expect(received.map((request) => request.path)).toEqual([`${PATH}?limit=2`, PATH]);
    expect(received.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
    ]);
  });

  it("lets openapi-fetch read a body under the timeout and see our error", async () => {
    server.route(PATH, stallBody("[1,"));
    const { transport } = setUp({ timeoutMs: 100 });
    const http = createClient<paths>({ baseUrl: server.url, fetch: transport.fetch });

    const error = await failureOf(http.GET(PATH));

    expect(error).toBeInstanceOf(TimeoutError);
  });
});

describe("secrets", () => {
  it("keeps the token out of errors and log lines for real failures", async () => {
    const lines: string[] = [];
    const record = (message: string, details?: unknown) =>
      lines.push(JSON.stringify([message, details]));
    const sink: Logger = { error: record, warn: record, info: record, debug: record };
    const { transport } = setUp({ logger: createLogger("debug", sink), timeoutMs: 100 });

    server.route("/reset", resetConnection());
    server.route("/slow", delayed(2_000, json(200, {})));
    server.route("/denied", json(401, { error: "Unauthorized" }));
    const errors = [
      await failureOf(transport.fetch(get("/reset"))),
      await failureOf(transport.fetch(get("/slow"))),
      await failureOf(transport.fetch(get(`/denied?access_token=${TOKEN}`))),
    ];

    expect(errors.map((error) => error.name)).toEqual([
      "ConnectionError",
      "TimeoutError",
      "AuthenticationError",
    ]);
    for (const error of errors) {
      expect(String(error)).not.toContain(TOKEN);
      expect(error.stack).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line).not.toContain(TOKEN);
  });
});
