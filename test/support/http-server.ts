/**
 * A real HTTP server on 127.0.0.1 for transport tests: what a mock `fetch` cannot
 * show (reset sockets, slow headers, stalled bodies, aborts seen from the server's
 * side) happens here over TCP. Each path gets a script of replies; every request
 * takes the next one and the last one repeats. Every request is recorded on
 * arrival, before its body is read, so "received exactly once" holds even for a
 * request whose connection was reset.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as text; complete only if the reply read it all. */
  body: string;
  /** `performance.now()` when the request line arrived. */
  at: number;
}

export interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  received: ReceivedRequest;
  /** Waits `ms`, or less if the server is closing. */
  pause(ms: number): Promise<void>;
}

export interface Reply {
  /** False for replies that act before the body has arrived (resets mid-upload). */
  readsBody: boolean;
  run(exchange: Exchange): void | Promise<void>;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Requests received for one path (query string ignored). */
  receivedOn(path: string): ReceivedRequest[];
  /** Scripts the replies for a path; an unscripted path answers 404. */
  route(path: string, ...replies: Reply[]): void;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const scripts = new Map<string, Reply[]>();
  const received: ReceivedRequest[] = [];
  const pauses = new Set<() => void>();

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pauses.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pauses.add(done);
    });

  const server = createServer((request, response) => {
    const record: ReceivedRequest = {
      method: request.method ?? "",
      path: request.url ?? "",
      headers: request.headers,
      body: "",
      at: performance.now(),
    };
    received.push(record);

    const script = scripts.get(pathOnly(record.path));
    const reply = script && script.length > 1 ? script.shift() : script?.[0];
    void answer(reply ?? json(404, { error: "Not scripted" }), {
      request,
      response,
      received: record,
      pause,
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    receivedOn: (path) => received.filter((entry) => pathOnly(entry.path) === path),
    route(path, ...replies) {
      scripts.set(path, replies);
    },
    async close() {
      for (const done of [...pauses]) done();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(reply: Reply, exchange: Exchange) {
  try {
    if (reply.readsBody) {
      const chunks: Buffer[] = [];
      for await (const chunk of exchange.request) chunks.push(chunk as Buffer);
      exchange.received.body = Buffer.concat(chunks).toString("utf8");
    }
    await reply.run(exchange);
  } catch {
    // The client went away mid-exchange (an abort or a timeout under test).
    exchange.response.destroy();
  }
}

function pathOnly(path: string) {
  return path.split("?")[0] ?? path;
}

/** Answers with a JSON body. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Reply {
  return text(status, JSON.stringify(body), {
    "content-type": "application/json",
    ...headers,
  });
}

/** Answers with a text body (or none, for an empty string). */
export function text(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): Reply {
  return {
    readsBody: true,
    run({ response }) {
      response.writeHead(status, { "content-type": "text/plain", ...headers });
      response.end(body);
    },
  };
}

/** Echoes the request back as JSON: method, path, headers and body. */
export function echo(): Reply {
  return {
    readsBody: true,
    run({ response, received }) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(received));
    },
  };
}

/** Waits before running `reply`, to make the client wait for headers. */
export function delayed(ms: number, reply: Reply): Reply {
  return {
    readsBody: reply.readsBody,
    async run(exchange) {
      await exchange.pause(ms);
      if (!exchange.response.destroyed) await reply.run(exchange);
    },
  };
}

/**
 * Destroys the socket without answering. With `midBody`, it does so as soon as the
 * first chunk of the request body arrives, as when an upload is cut off.
 */
export function resetConnection(options: { midBody?: boolean } = {}): Reply {
  return {
    readsBody: !options.midBody,
    async run({ request }) {
      if (options.midBody) {
        await new Promise((resolve) => request.once("data", resolve));
      }
      request.socket.destroy();
    },
  };
}

/** Sends headers and `chunks`, one every `everyMs`, then ends (or hangs, if `stall`). */
export function trickle(
  chunks: readonly string[],
  everyMs: number,
  options: { stall?: boolean; contentType?: string } = {},
): Reply {
  return {
    readsBody: true,
    async run({ response, pause }) {
      response.writeHead(200, { "content-type": options.contentType ?? "text/plain" });
      response.flushHeaders();

      for (const [index, chunk] of chunks.entries()) {
        if (index > 0) await pause(everyMs);
        if (response.destroyed) return;
        response.write(chunk);
      }
      if (!options.stall) response.end();
    },
  };
}

/** Sends headers and the first part of a body, then never another byte. */
export function stallBody(firstChunk: string): Reply {
  return trickle([firstChunk], 0, { stall: true });
}
