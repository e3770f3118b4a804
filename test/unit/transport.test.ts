/**
 * The transport with an injected `fetch`: request shapes, attempt counts, waits
 * between retries, limits and log lines. Socket-level behaviour (resets, stalls,
 * aborts seen by a server) is in transport-http.test.ts.
 */
import { describe, expect, it } from "vitest";

import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from "../../src/handwritten/errors.js";
import {
  createLogger,
  type Logger,
  type LogLevel,
} from "../../src/handwritten/logger.js";
import { sleep } from "../../src/handwritten/sleep.js";
import {
  createTransport,
  type TransportOptions,
} from "../../src/handwritten/transport.js";
import { failureOf } from "../support/failure.js";

const TOKEN = "tok-5f2c9e01d4b7a3";
const BASE = "https://cellengine.test";
const EXPERIMENTS = `${BASE}/api/v1/experiments`;

type Answer = Response | Error | ((request: Request) => Response | Promise<Response>);

interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: string;
  signal: AbortSignal;
}

/** A fetch that records what it is sent and answers from a script (last repeats). */
function scriptedFetch(...answers: Answer[]) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: await request.clone().text(),
      signal: request.signal,
    });

    const answer = answers.length > 1 ? answers.shift() : answers[0];
    if (answer instanceof Error) throw answer;
    if (typeof answer === "function") return answer(request);
    return answer ?? new Response(null, { status: 599 });
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

function reply(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return () =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });
}

function setUp(
  fetch: typeof globalThis.fetch,
  overrides: Partial<TransportOptions> = {},
) {
  const waits: number[] = [];
  const transport = createTransport({
    fetch,
    getToken: () => TOKEN,
    maxRetries: 2,
    timeoutMs: 5_000,
    maxRequestsPerSecond: 1_000,
    concurrency: 8,
    logger: createLogger("off"),
    isSafeToRetry: () => false,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { transport, waits };
}

function recordingLogger(level: LogLevel) {
  const lines: { level: string; message: string; details?: unknown }[] = [];
  const sink: Logger = {
    error: (message, details) => lines.push({ level: "error", message, details }),
    warn: (message, details) => lines.push({ level: "warn", message, details }),
    info: (message, details) => lines.push({ level: "info", message, details }),
    debug: (message, details) => lines.push({ level: "debug", message, details }),
  };
  return { logger: createLogger(level, sink), lines };
}

describe("authorization", () => {
  it("sends the token as a Bearer header, reading it again for every attempt", async () => {
    const tokens = ["first-token", "second-token"];
    const { fetch, sent } = scriptedFetch(reply(503), reply(200, []));
    const { transport } = setUp(fetch, { getToken: () => tokens.shift() });

    await transport.fetch(new Request(EXPERIMENTS));

    expect(sent.map((request) => request.headers.get("authorization"))).toEqual([
      "Bearer first-token",
      "Bearer second-token",
    ]);
  });

  it("keeps an Authorization header the request already carries", async () => {
    const { fetch, sent } = scriptedFetch(reply(200, {}));
    const { transport } = setUp(fetch);

    await transport.fetch(
      new Request(EXPERIMENTS, { headers: { Authorization: "Bearer caller-token" } }),
    );

    expect(sent[0]?.headers.get("authorization")).toBe("Bearer caller-token");
  });

  it("sends no Authorization header when there is no token", async () => {
    const { fetch, sent } = scriptedFetch(reply(200, {}));
    const { transport } = setUp(fetch, { getToken: () => undefined });

    await transport.fetch(new Request(EXPERIMENTS));

    expect(sent[0]?.headers.has("authorization")).toBe(false);
  });

  it("leaves the URL, method, other headers and body exactly as given", async () => {
    const { fetch, sent } = scriptedFetch(reply(201, {}));
    const { transport } = setUp(fetch);

    await transport.fetch(
      new Request(`${EXPERIMENTS}?limit=2&query=eq(name,%22A%22)`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-trace": "abc" },
        body: '{"name":"A"}',
      }),
    );

    expect(sent[0]).toMatchObject({
      method: "POST",
      url: `${EXPERIMENTS}?limit=2&query=eq(name,%22A%22)`,
      body: '{"name":"A"}',
    });
    expect(sent[0]?.headers.get("x-trace")).toBe("abc");
    expect(sent[0]?.url).not.toContain(TOKEN);
  });
});

describe("answers", () => {
  it("returns a 2xx response with its status, headers and body, unread", async () => {
    const { fetch } = scriptedFetch(
      reply(200, [{ _id: "e1" }], { "x-request-id": "r-1" }),
    );
    const { transport } = setUp(fetch);

    const response = await transport.fetch(new Request(EXPERIMENTS));

    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("r-1");
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual([{ _id: "e1" }]);
  });

  it("returns a 3xx response instead of throwing it", async () => {
    const { fetch } = scriptedFetch(reply(302, undefined, { location: "/elsewhere" }));
    const { transport } = setUp(fetch);

    const response = await transport.fetch(
      new Request(EXPERIMENTS, { redirect: "manual" }),
    );

    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/elsewhere");
  });

  it("returns a 204 with no body", async () => {
    const { fetch } = scriptedFetch(() => new Response(null, { status: 204 }));
    const { transport } = setUp(fetch);

    const response = await transport.fetch(
      new Request(`${EXPERIMENTS}/e1`, { method: "DELETE" }),
    );

    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("throws a 404 as NotFoundError carrying the server's message, method and URL", async () => {
    const { fetch, sent } = scriptedFetch(reply(404, { error: "Experiment not found." }));
    const { transport } = setUp(fetch);

    const error = await failureOf(transport.fetch(new Request(`${EXPERIMENTS}/e9`)));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      message: "Experiment not found.",
      status: 404,
      method: "GET",
      url: `${EXPERIMENTS}/e9`,
    });
    expect(sent).toHaveLength(1);
  });
});

describe("retries", () => {
  it("retries a GET on 503 and returns the answer that succeeded", async () => {
    const { fetch, sent } = scriptedFetch(reply(503), reply(503), reply(200, ["ok"]));
    const { transport } = setUp(fetch);

    const response = await transport.fetch(new Request(EXPERIMENTS));

    expect(await response.json()).toEqual(["ok"]);
    expect(sent).toHaveLength(3);
  });

  it("retries 429, 502, 503 and 504", async () => {
    for (const status of [429, 502, 503, 504]) {
      const { fetch, sent } = scriptedFetch(reply(status), reply(200, {}));
      const { transport } = setUp(fetch);

      await transport.fetch(new Request(EXPERIMENTS));
      expect(sent, `status ${status}`).toHaveLength(2);
    }
  });

  it("does not retry any other failing status", async () => {
    for (const status of [400, 401, 403, 404, 409, 422, 500, 501, 505]) {
      const { fetch, sent } = scriptedFetch(
        reply(status, { error: "no" }),
        reply(200, {}),
      );
      const { transport } = setUp(fetch);

      await failureOf(transport.fetch(new Request(EXPERIMENTS)));
      expect(sent, `status ${status}`).toHaveLength(1);
    }
  });

  it("gives up after maxRetries retries and throws the last answer", async () => {
    const { fetch, sent } = scriptedFetch(reply(503, { error: "Down for maintenance" }));
    const { transport } = setUp(fetch);

    const error = await failureOf(transport.fetch(new Request(EXPERIMENTS)));

    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe("Down for maintenance");
    expect(sent).toHaveLength(3);
  });

  it("makes exactly one attempt when maxRetries is 0, for the client or one call", async () => {
    const client = scriptedFetch(reply(503));
    await failureOf(
      setUp(client.fetch, { maxRetries: 0 }).transport.fetch(new Request(EXPERIMENTS)),
    );
    expect(client.sent).toHaveLength(1);

    const call = scriptedFetch(reply(503));
    const { transport } = setUp(call.fetch, { maxRetries: 5 });
    await failureOf(transport.withControls({ maxRetries: 0 })(new Request(EXPERIMENTS)));
    expect(call.sent).toHaveLength(1);
  });

  it("lets one call allow more retries than the client does", async () => {
    const { fetch, sent } = scriptedFetch(reply(503));
    const { transport } = setUp(fetch, { maxRetries: 1 });

    await failureOf(transport.withControls({ maxRetries: 4 })(new Request(EXPERIMENTS)));

    expect(sent).toHaveLength(5);
  });

  it("retries DELETE, HEAD and OPTIONS like GET", async () => {
    for (const method of ["DELETE", "HEAD", "OPTIONS"]) {
      const { fetch, sent } = scriptedFetch(
        reply(502),
        () => new Response(null, { status: 204 }),
      );
      const { transport } = setUp(fetch);

      await transport.fetch(new Request(`${EXPERIMENTS}/e1`, { method }));
      expect(sent.map((request) => request.method)).toEqual([method, method]);
    }
  });

  it("sends a POST, PATCH or PUT exactly once, whatever the answer", async () => {
    for (const method of ["POST", "PATCH", "PUT"]) {
      for (const answer of [reply(503), reply(429), new TypeError("fetch failed")]) {
        const { fetch, sent } = scriptedFetch(answer, reply(200, {}));
        const { transport } = setUp(fetch);

        await failureOf(
          transport.fetch(new Request(EXPERIMENTS, { method, body: '{"name":"X"}' })),
        );
        expect(sent, method).toHaveLength(1);
      }
    }
  });

  it("retries a POST that isSafeToRetry accepts, with the same body every time", async () => {
    const asked: string[] = [];
    const { fetch, sent } = scriptedFetch(reply(503), reply(504), reply(200, []));
    const { transport } = setUp(fetch, {
      isSafeToRetry: (method, url) => {
        asked.push(`${method} ${url.pathname}`);
        return url.pathname.endsWith("/bulkstatistics");
      },
    });
    const body = JSON.stringify({ statistics: ["mean"], channels: ["FSC-A"] });

    await transport.fetch(
      new Request(`${BASE}/api/v1/experiments/e1/bulkstatistics`, {
        method: "POST",
        body,
      }),
    );

    expect(asked).toEqual(["POST /api/v1/experiments/e1/bulkstatistics"]);
    expect(sent.map((request) => request.body)).toEqual([body, body, body]);
  });

  it("resends a multipart upload intact on each retry", async () => {
    const { fetch, sent } = scriptedFetch(reply(503), reply(201, {}));
    const { transport } = setUp(fetch, { isSafeToRetry: () => true });
    const form = new FormData();
    form.append("file", new Blob(["FCS3.1 bytes"]), "Donor01 Stim.fcs");

    await transport.fetch(new Request(EXPERIMENTS, { method: "POST", body: form }));

    expect(sent).toHaveLength(2);
    expect(sent[1]?.body).toBe(sent[0]?.body);
    expect(sent[0]?.body).toContain('filename="Donor01 Stim.fcs"');
    expect(sent[0]?.body).toContain("FCS3.1 bytes");
  });

  it("retries a connection failure and, when it persists, keeps the cause", async () => {
    const cause = new TypeError("fetch failed", { cause: new Error("ECONNRESET") });
    const { fetch, sent } = scriptedFetch(cause);
    const { transport } = setUp(fetch);

    const error = await failureOf(transport.fetch(new Request(EXPERIMENTS)));

    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(
      `GET ${EXPERIMENTS} failed: fetch failed: ECONNRESET; check the network and the ` +
        "server address (baseUrl or CELLENGINE_BASE_URL)",
    );
    expect(error.cause).toBe(cause);
    expect(sent).toHaveLength(3);
  });
});

describe("waits between attempts", () => {
  it("doubles from 0.5 s with equal jitter: 375 ms then 750 ms at jitter 0.5", async () => {
    const { fetch } = scriptedFetch(reply(503));
    const { transport, waits } = setUp(fetch);

    await failureOf(transport.fetch(new Request(EXPERIMENTS)));

    expect(waits).toEqual([375, 750]);
  });

  it("spans the whole jitter range with the jitter source's extremes", async () => {
    const low = setUp(scriptedFetch(reply(503)).fetch, { random: () => 0 });
    await failureOf(low.transport.fetch(new Request(EXPERIMENTS)));
    const high = setUp(scriptedFetch(reply(503)).fetch, { random: () => 0.999999 });
    await failureOf(high.transport.fetch(new Request(EXPERIMENTS)));

    expect(low.waits).toEqual([250, 500]);
    expect(high.waits).toEqual([500, 1000]);
  });

  it("waits as long as Retry-After asks, in seconds or as an HTTP date", async () => {
    const inFive = new Date(Date.now() + 5_000).toUTCString();
    const { fetch } = scriptedFetch(
      reply(429, {}, { "retry-after": "2" }),
      reply(503, {}, { "retry-after": inFive }),
      reply(200, {}),
    );
    const { transport, waits } = setUp(fetch);

    await transport.fetch(new Request(EXPERIMENTS));

    expect(waits[0]).toBe(2000);
    expect(waits[1]).toBeGreaterThan(3000);
    expect(waits[1]).toBeLessThanOrEqual(5000);
  });

  it("waits at most 60 s whatever Retry-After asks", async () => {
    const { fetch } = scriptedFetch(
      reply(429, {}, { "retry-after": "86400" }),
      reply(200, {}),
    );
    const { transport, waits } = setUp(fetch);

    await transport.fetch(new Request(EXPERIMENTS));

    expect(waits).toEqual([60_000]);
  });

  it("throws the final 429 as RateLimitError", async () => {
    const { fetch } = scriptedFetch(
      reply(429, { error: "Slow down" }, { "retry-after": "1" }),
    );
    const { transport } = setUp(fetch);

    const error = await failureOf(transport.fetch(new Request(EXPERIMENTS)));

    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toBe("Slow down");
  });
});

describe("cancellation and timeouts", () => {
  it("sends nothing when the caller's signal is already aborted", async () => {
    const { fetch, sent } = scriptedFetch(reply(200, {}));
    const { transport } = setUp(fetch);

    const error = await failureOf(
      transport.withControls({ signal: AbortSignal.abort() })(new Request(EXPERIMENTS)),
    );

    expect(error).toBeInstanceOf(AbortError);
    expect(error.message).toBe(`GET ${EXPERIMENTS} was aborted by its signal`);
    expect(sent).toHaveLength(0);
  });

  it("honours a signal set on the request itself, as openapi-fetch passes it", async () => {
    const { fetch, sent } = scriptedFetch(reply(200, {}));
    const { transport } = setUp(fetch);

    const error = await failureOf(
      transport.fetch(new Request(EXPERIMENTS, { signal: AbortSignal.abort() })),
    );

    expect(error).toBeInstanceOf(AbortError);
    expect(sent).toHaveLength(0);
  });

  it("stops during the wait before a retry and sends nothing more", async () => {
    const controller = new AbortController();
    const { fetch, sent } = scriptedFetch(reply(503, {}, { "retry-after": "30" }));
    const { transport } = setUp(fetch, {
      sleep: (ms, signal) => {
        setTimeout(() => controller.abort(), 10);
        return sleep(ms, signal);
      },
    });
    const started = performance.now();

    const error = await failureOf(
      transport.withControls({ signal: controller.signal })(new Request(EXPERIMENTS)),
    );

    expect(error).toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(sent).toHaveLength(1);
  });

  it("turns an injected sleep's own rejection on abort into AbortError", async () => {
    const controller = new AbortController();
    const { fetch } = scriptedFetch(reply(503));
    const { transport } = setUp(fetch, {
      sleep: async () => {
        controller.abort();
        throw new Error("sleep interrupted");
      },
    });

    const error = await failureOf(
      transport.withControls({ signal: controller.signal })(new Request(EXPERIMENTS)),
    );

    expect(error).toBeInstanceOf(AbortError);
  });

  it("times out an attempt even when fetch ignores its signal", async () => {
    const { fetch, sent } = scriptedFetch(() => new Promise<Response>(() => {}));
    const { transport } = setUp(fetch, { timeoutMs: 40, maxRetries: 1 });

    const error = await failureOf(transport.fetch(new Request(EXPERIMENTS)));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe(
      `GET ${EXPERIMENTS} got no answer within 40 ms; raise \`timeoutMs\` for slow operations`,
    );
    expect(sent).toHaveLength(2);
    expect(sent[0]?.signal.aborted).toBe(true);
    expect(sent[0]?.signal.reason).toBeInstanceOf(TimeoutError);
  });

  it("uses a call's timeoutMs over the client's", async () => {
    const { fetch } = scriptedFetch(() => new Promise<Response>(() => {}));
    const { transport } = setUp(fetch, { timeoutMs: 60_000, maxRetries: 0 });

    const error = await failureOf(
      transport.withControls({ timeoutMs: 30 })(new Request(EXPERIMENTS)),
    );

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(30);
  });

  it("refuses nonsense limits with a ConfigurationError that names them", async () => {
    const { fetch } = scriptedFetch(reply(200, {}));
    expect(() => setUp(fetch, { maxRetries: -1 })).toThrow(ConfigurationError);
    expect(() => setUp(fetch, { timeoutMs: 0 })).toThrow(
      /timeoutMs in the client options/,
    );
    expect(() => setUp(fetch, { concurrency: 0 })).toThrow(/concurrency is 0/);
    expect(() => setUp(fetch, { maxRequestsPerSecond: -5 })).toThrow(
      /maxRequestsPerSecond is -5/,
    );

    const { transport } = setUp(fetch);
    await expect(
      transport.withControls({ maxRetries: 1.5 })(new Request(EXPERIMENTS)),
    ).rejects.toThrow(/maxRetries in the call's options is 1.5/);
  });
});

describe("limits", () => {
  it("has at most `concurrency` attempts waiting for headers at once", async () => {
    let inFlight = 0;
    let peak = 0;
    const { fetch } = scriptedFetch(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(15);
      inFlight--;
      return reply(200, {})();
    });
    const { transport } = setUp(fetch, { concurrency: 3 });

    await Promise.all(
      Array.from({ length: 10 }, () => transport.fetch(new Request(EXPERIMENTS))),
    );

    expect(peak).toBe(3);
  });

  it("starts at most maxRequestsPerSecond attempts in any one-second window", async () => {
    const starts: number[] = [];
    const { fetch } = scriptedFetch(() => {
      starts.push(performance.now());
      return reply(200, {})();
    });
    const { transport } = setUp(fetch, { maxRequestsPerSecond: 4 });

    await Promise.all(
      Array.from({ length: 6 }, () => transport.fetch(new Request(EXPERIMENTS))),
    );

    expect(starts).toHaveLength(6);
    for (let index = 4; index < starts.length; index++) {
      // Timers may fire a millisecond early; the window is still a second long.
      expect(starts[index]! - starts[index - 4]!).toBeGreaterThanOrEqual(995);
    }
    // Evenly spaced rather than in bursts, so arrivals at the server stay spread.
    for (let index = 1; index < starts.length; index++) {
      expect(starts[index]! - starts[index - 1]!).toBeGreaterThanOrEqual(245);
    }
  });

  it("frees a slot once headers arrive, even if the body is never read", async () => {
    const { fetch } = scriptedFetch(() => new Response(new ReadableStream()));
    const { transport } = setUp(fetch, { concurrency: 1 });

    const first = await transport.fetch(new Request(EXPERIMENTS));
    const second = await transport.fetch(new Request(EXPERIMENTS));

    expect([first.status, second.status]).toEqual([200, 200]);
  });
});

describe("logging", () => {
  it("logs nothing at the default level off", async () => {
    const { logger, lines } = recordingLogger("off");
    const { fetch } = scriptedFetch(reply(503), reply(200, {}));
    const { transport } = setUp(fetch, { logger });

    await transport.fetch(new Request(EXPERIMENTS));

    expect(lines).toEqual([]);
  });

  it("logs one line per attempt with status, milliseconds and retry number", async () => {
    const { logger, lines } = recordingLogger("info");
    const { fetch } = scriptedFetch(
      reply(503),
      new TypeError("fetch failed"),
      reply(200, {}),
    );
    const { transport } = setUp(fetch, { logger });

    await transport.fetch(new Request(`${EXPERIMENTS}?limit=2`));

    // Failed attempts come at warn, so they show at info too.
    expect(lines.map((line) => line.level)).toEqual(["warn", "warn", "info"]);
    expect(lines[0]?.message).toMatch(/^GET \/api\/v1\/experiments\?limit=2 503 \d+ms$/);
    expect(lines[1]?.message).toMatch(
      /^GET \/api\/v1\/experiments\?limit=2 connection failed \d+ms retry 1$/,
    );
    expect(lines[2]?.message).toMatch(
      /^GET \/api\/v1\/experiments\?limit=2 200 \d+ms retry 2$/,
    );
  });

  it("masks credential query values in the logged path", async () => {
    const { logger, lines } = recordingLogger("info");
    const { fetch } = scriptedFetch(reply(200, {}));
    const { transport } = setUp(fetch, { logger });

    await transport.fetch(new Request(`${EXPERIMENTS}?access_token=${TOKEN}&limit=1`));

    expect(lines[0]?.message).toMatch(
      /^GET \/api\/v1\/experiments\?access_token=%5BREDACTED%5D&limit=1 200 \d+ms$/,
    );
  });

  it("logs headers and JSON bodies at debug, with credentials masked", async () => {
    const { logger, lines } = recordingLogger("debug");
    const { fetch } = scriptedFetch(
      reply(503, {}, { "retry-after": "1" }),
      reply(200, {}, { "set-cookie": "token=s%3Anew-session" }),
    );
    const { transport } = setUp(fetch, { logger, isSafeToRetry: () => true });

    await transport.fetch(
      new Request(`${BASE}/api/v1/signin`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: "token=abc" },
        body: JSON.stringify({ username: "mlopez", password: "hunter2", otp: "123456" }),
      }),
    );

    const debug = lines.filter((line) => line.level === "debug");
    expect(debug.map((line) => line.message)).toEqual([
      "POST /api/v1/signin sending",
      "POST /api/v1/signin answered",
      "POST /api/v1/signin waiting 1000ms before retry 1",
      "POST /api/v1/signin sending retry 1",
      "POST /api/v1/signin answered retry 1",
    ]);
    expect(debug[4]?.details).toMatchObject({ headers: { "set-cookie": "[REDACTED]" } });
    expect(debug[0]?.details).toEqual({
      headers: {
        authorization: "[REDACTED]",
        "content-type": "application/json",
        cookie: "[REDACTED]",
      },
      body: { username: "mlopez", password: "[REDACTED]", otp: "[REDACTED]" },
    });
  });

  it("names a non-JSON body at debug instead of logging its bytes", async () => {
    const { logger, lines } = recordingLogger("debug");
    const { fetch } = scriptedFetch(reply(201, {}));
    const { transport } = setUp(fetch, { logger });

    await transport.fetch(
      new Request(EXPERIMENTS, {
        method: "POST",
        headers: { "content-type": "application/vnd.isac.fcs" },
        body: "FCS3.1 raw bytes",
      }),
    );

    expect(lines[0]?.details).toMatchObject({
      body: "[application/vnd.isac.fcs body not logged]",
    });
  });
});

describe("the token never leaks", () => {
  it("stays out of errors and every log line, whatever fails", async () => {
    const { logger, lines } = recordingLogger("debug");
    const scripts: Answer[][] = [
      [reply(401, { error: `Bearer ${TOKEN} has expired` })],
      [reply(400, { error: "Bad", token: TOKEN, authorization: `Bearer ${TOKEN}` })],
      [() => new Response(`<html>Bearer ${TOKEN}</html>`, { status: 502 })],
      [new TypeError(`connect failed for Bearer ${TOKEN}`)],
      [() => new Promise<Response>(() => {})],
    ];
    const errors: Error[] = [];

    for (const script of scripts) {
      const { fetch } = scriptedFetch(...script);
      const { transport } = setUp(fetch, { logger, timeoutMs: 20, maxRetries: 1 });
      errors.push(
        await failureOf(
          transport.fetch(
            new Request(`${EXPERIMENTS}?token=${TOKEN}`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ token: TOKEN }),
            }),
          ),
        ),
      );
    }

    expect(errors.map((error) => error.constructor)).toEqual([
      AuthenticationError,
      BadRequestError,
      ServerError,
      ConnectionError,
      TimeoutError,
    ]);
    for (const error of errors) {
      expect(String(error)).not.toContain(TOKEN);
      expect(error.stack).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(JSON.stringify(line)).not.toContain(TOKEN);
    }
  });
});

describe("log levels", () => {
  it("reports failed attempts at warn and successful ones only at info", async () => {
    const lines: string[] = [];
    const collect = (level: string) => (message: string) =>
      lines.push(`${level} ${message}`);
    const sink = {
      error: collect("error"),
      warn: collect("warn"),
      info: collect("info"),
      debug: collect("debug"),
    };
    const { fetch } = scriptedFetch(reply(503, { error: "busy" }), reply(200, []));
    const { transport } = setUp(fetch, { logger: createLogger("warn", sink) });

    await transport.fetch(new Request(EXPERIMENTS));

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn GET \/api\/v1\/experiments 503 \d+ms$/);
  });
});
