/**
 * An injected `fetch` that answers from a handler and keeps every request it got,
 * with its body read, so tests can assert exactly what went over the wire.
 */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

export type Handler = (request: SeenRequest) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

export function fakeFetch(handler: Handler) {
  const requests: SeenRequest[] = [];

  const fetch = async (
    input: RequestInfo | URL,
    init?: RequestInit,
  ): Promise<Response> => {
    const request = new Request(input, init);
    const seen: SeenRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: await request.text(),
    };
    requests.push(seen);
    return handler(seen);
  };

  return { fetch: fetch as typeof globalThis.fetch, requests };
}
