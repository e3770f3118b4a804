/**
 * Keeps an attempt's timeout and the caller's signal in force while the body is
 * read: openapi-fetch reads it after `fetch` has resolved, when a plain timeout
 * around `fetch` would no longer be running.
 *
 * The countdown runs only while a read waits for the network, restarting for every
 * chunk. So `timeoutMs` bounds each silence rather than the whole transfer: a large
 * download that keeps moving is never cut off, a stalled one is, and time the caller
 * spends not reading does not count. Errors come out as our own classes
 * (`TimeoutError`, `AbortError`, `ConnectionError`), not as the runtime's
 * DOMException or "terminated" TypeError.
 *
 * Most answers are small JSON read once with `json()` or `text()`. Rebuilding the
 * Response around a guarded stream costs about as much as the request itself, so the
 * response is kept and only its read methods are replaced: they read the original
 * body chunk by chunk under the guard. Only `body` and `clone()`, which hand out a
 * stream, build the guarded copy (see guard-stream.ts).
 */
import type { AbortScope } from "./abort-scope.js";
import { guardStream } from "./guard-stream.js";

export interface BodyGuard {
  scope: AbortScope;
  /** Turns a failed read into the error the caller should see. */
  toError(error: unknown): unknown;
  /** Runs once, when the body is finished, failed or cancelled. */
  onSettled(): void;
}

type ReadMethod = "arrayBuffer" | "blob" | "bytes" | "formData" | "json" | "text";

const READ_METHODS: readonly ReadMethod[] = [
  "arrayBuffer",
  "blob",
  "bytes",
  "formData",
  "json",
  "text",
];

const decoder = new TextDecoder();

/** The guard of each response handed out, found by the shared methods below. */
const guards = new WeakMap<Response, GuardedBody>();

/**
 * The overrides: one set of functions shared by every response, finding their state
 * through `this`, so guarding a response allocates no closures.
 */
const OVERRIDES: PropertyDescriptorMap = {
  body: {
    get(this: Response) {
      return guardOf(this).body();
    },
  },
  clone: {
    value(this: Response) {
      return guardOf(this).streamed().clone();
    },
  },
};
for (const method of READ_METHODS) {
  if (method in Response.prototype) {
    OVERRIDES[method] = {
      value(this: Response) {
        return guardOf(this).read(method);
      },
    };
  }
}

/**
 * The same response with its body guarded. Status, status text, headers, URL and
 * `redirected` are the original's; the body is not read until the caller reads it.
 */
export function guardBody(response: Response, guard: BodyGuard): Response {
  const source = response.body;

  // Null-body statuses (204, 304, HEAD answers, opaque redirects) have nothing to guard.
  if (source === null) {
    guard.onSettled();
    return response;
  }

  const whole = /[/+]json\b/i.test(response.headers.get("content-type") ?? "");
  guards.set(response, new GuardedBody(response, source, guard, whole));
  return Object.defineProperties(response, OVERRIDES);
}

function guardOf(response: Response): GuardedBody {
  const guarded = guards.get(response);
  if (guarded === undefined) throw new TypeError("Illegal invocation");
  return guarded;
}

class GuardedBody {
  /** The guarded copy, once `body` or `clone()` asked for a stream; reads go to it. */
  #copy: Response | undefined;
  #readDirectly = false;

  constructor(
    private readonly response: Response,
    private readonly source: ReadableStream<Uint8Array>,
    private readonly guard: BodyGuard,
    /** A JSON answer is read within one countdown; see `readAll`. */
    private readonly whole: boolean,
  ) {}

  streamed(): Response {
    return (this.#copy ??= copyWithGuardedStream(this.response, this.source, this.guard));
  }

  /** After a direct read the body is spent, and the original reports it as such. */
  body(): ReadableStream<Uint8Array> | null {
    return this.#readDirectly ? this.source : this.streamed().body;
  }

  async read(method: ReadMethod): Promise<unknown> {
    if (this.#copy !== undefined || this.#readDirectly || this.source.locked) {
      return this.streamed()[method]();
    }
    this.#readDirectly = true;

    const bytes = await readAll(this.source, this.guard, this.whole);
    if (method === "text") return decoder.decode(bytes);
    if (method === "json") return JSON.parse(decoder.decode(bytes)) as unknown;
    // A fetched body is never backed by a SharedArrayBuffer.
    const body = bytes as Uint8Array<ArrayBuffer>;
    return new Response(body, { headers: this.response.headers })[method]();
  }
}

/**
 * The whole body, read under the guard; settles the guard either way. A JSON answer
 * (`whole`) is an API call's result, not a transfer, so one countdown covers all of
 * it: a server trickling bytes must not hold a call open past `timeoutMs`. Any other
 * body restarts the countdown for every chunk, so a long download that keeps moving
 * is never cut off.
 */
async function readAll(
  source: ReadableStream<Uint8Array>,
  { scope, toError, onSettled }: BodyGuard,
  whole: boolean,
): Promise<Uint8Array> {
  const reader = source.getReader();
  // The fetch implementation may not abort its own body; cancelling ends the read.
  const onAbort = () => void reader.cancel(scope.signal.reason).catch(() => {});
  scope.signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Uint8Array[] = [];

  try {
    if (whole) scope.startTimer();
    for (;;) {
      if (scope.signal.aborted) throw scope.signal.reason;
      if (!whole) scope.startTimer();
      const { done, value } = await reader.read();
      if (!whole) scope.stopTimer();

      if (scope.signal.aborted) throw scope.signal.reason;
      if (done) return concat(chunks);
      chunks.push(value);
    }
  } catch (error) {
    void reader.cancel(error).catch(() => {});
    throw toError(error);
  } finally {
    scope.stopTimer();
    scope.signal.removeEventListener("abort", onAbort);
    onSettled();
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;

  const whole = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.length;
  }
  return whole;
}

function copyWithGuardedStream(
  response: Response,
  source: ReadableStream<Uint8Array>,
  guard: BodyGuard,
): Response {
  const copy = new Response(guardStream(source, guard), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperties(copy, {
    url: { value: response.url },
    redirected: { value: response.redirected },
  });
  return copy;
}
