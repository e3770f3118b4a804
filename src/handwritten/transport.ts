/**
 * The client's `fetch`. Every request goes through it (JSON, binary, multipart and
 * streamed alike), so the behaviour below holds for all of them:
 *
 * - `Authorization: Bearer <token>` on every attempt, unless the request has one;
 *   the token is read again for each attempt and never put in a URL.
 * - Attempts start evenly spaced, at most `maxRequestsPerSecond` in any second, and
 *   at most `concurrency` wait for their response headers at once.
 * - `timeoutMs` bounds each attempt's wait for headers, then the whole read of a
 *   JSON body or each wait for the next chunk of any other (see guard-body.ts), and
 *   fails with `TimeoutError`. The
 *   caller's signal fails the call with `AbortError` at any point, between retries
 *   too. A request that never got an answer fails with `ConnectionError`.
 * - Requests safe to repeat are retried as retry-policy.ts decides; any other is
 *   sent exactly once, whatever happens, so nothing is ever created twice.
 * - A status below 400 comes back as a `Response` with its body unread; any other
 *   is thrown as the `ApiError` subclass for it.
 */
import {
  createAbortScope,
  type AbortScope,
  type AbortScopeOptions,
} from "./abort-scope.js";
import {
  AbortError,
  CellEngineError,
  ConfigurationError,
  ConnectionError,
  TimeoutError,
} from "./errors.js";
import { guardBody } from "./guard-body.js";
import type { Logger } from "./logger.js";
import { createRateLimiter } from "./rate-limit.js";
import { createRequestLog, readLoggableBody, type RequestLog } from "./request-log.js";
import { errorFromResponse } from "./response-error.js";
import {
  computeBackoff,
  computeRetryDelay,
  isRepeatableMethod,
  isRetryableStatus,
} from "./retry-policy.js";
import { sleep } from "./sleep.js";

export interface CallControls {
  /** Cancels the call, including any wait before a retry. */
  signal?: AbortSignal;
  /** Per attempt; overrides the client's. */
  timeoutMs?: number;
  /** Overrides the client's. */
  maxRetries?: number;
}

export interface TransportOptions {
  fetch: typeof globalThis.fetch;
  /** Read on every attempt, so a token set after sign-in applies at once. */
  getToken: () => string | undefined;
  maxRetries: number;
  timeoutMs: number;
  maxRequestsPerSecond: number;
  concurrency: number;
  logger: Logger;
  /** For methods other than GET, HEAD, DELETE and OPTIONS: may it be sent twice? */
  isSafeToRetry: (method: string, url: URL) => boolean;
  /** The wait between attempts; replaced in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The jitter source, in [0, 1); replaced in tests. */
  random?: () => number;
}

export interface Transport {
  fetch(request: Request): Promise<Response>;
  withControls(controls: CallControls): (request: Request) => Promise<Response>;
}

/**
 * What one call needs to know while it makes its attempts. It is also the options of
 * each attempt's abort scope, so an attempt allocates no option object or closures.
 */
class Call implements AbortScopeOptions {
  constructor(
    readonly request: Request,
    readonly method: string,
    readonly url: string,
    /** The caller's signals: the request's own and the call's `signal`. */
    readonly parents: readonly (AbortSignal | undefined)[],
    readonly timeoutMs: number,
    readonly maxRetries: number,
    readonly log: RequestLog,
    readonly loggableBody: unknown,
  ) {}

  reasonFor(reason: unknown): AbortError {
    return new AbortError(this.method, this.url, reason);
  }

  timeoutReason(): TimeoutError {
    return new TimeoutError(this.method, this.url, this.timeoutMs);
  }
}

/** An answer with headers in, and the attempt scope that still guards its body. */
interface Answer {
  response: Response;
  scope: AbortScope;
}

type Outcome = Answer | { error: CellEngineError };

export function createTransport(options: TransportOptions): Transport {
  checkControls(options, "the client options");
  const limiter = createRateLimiter(options);
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;

  async function send(request: Request, controls: CallControls): Promise<Response> {
    checkControls(controls, "the call's options");
    const method = request.method.toUpperCase();
    const { url } = request;
    const repeatable =
      isRepeatableMethod(method) || options.isSafeToRetry(method, new URL(url));
    const log = createRequestLog(options.logger, method, url);

    return sendWithRetries(
      new Call(
        request,
        method,
        url,
        [request.signal, controls.signal],
        controls.timeoutMs ?? options.timeoutMs,
        repeatable ? (controls.maxRetries ?? options.maxRetries) : 0,
        log,
        log.wantsBody ? await readLoggableBody(request) : undefined,
      ),
    );
  }

  async function sendWithRetries(call: Call): Promise<Response> {
    for (let retry = 0; ; retry++) {
      const isLast = retry >= call.maxRetries;

      // Each attempt but the last sends a copy, so the body is intact for the next;
      // a request without a body can be sent as it is every time.
      const reuse = isLast || call.request.body === null;
      const attempt = reuse ? call.request : call.request.clone();
      const outcome = await sendAttempt(call, attempt, retry);

      let delay: number;
      if ("error" in outcome) {
        if (isLast || !isRetryableFailure(outcome.error)) throw outcome.error;
        delay = computeBackoff(retry + 1, random);
      } else {
        const { response, scope } = outcome;
        if (isLast || !isRetryableStatus(response.status)) return finish(call, outcome);

        delay = computeRetryDelay(retry + 1, response.headers.get("retry-after"), random);
        scope.dispose();
        await response.body?.cancel().catch(() => {});
      }

      call.log.waiting(retry + 1, delay);
      await pause(call, delay);
    }
  }

  /** The wait before a retry, cut short (with `AbortError`) by the caller's signal. */
  async function pause(call: Call, delay: number): Promise<void> {
    const scope = createAbortScope({
      parents: call.parents,
      reasonFor: (reason) => call.reasonFor(reason),
    });

    try {
      await wait(delay, scope.signal);
    } catch (error) {
      // An injected sleep may reject with an error of its own when the signal aborts.
      if (scope.signal.aborted && !(error instanceof CellEngineError)) {
        throw scope.signal.reason;
      }
      throw error;
    } finally {
      scope.dispose();
    }
  }

  async function sendAttempt(
    call: Call,
    request: Request,
    retry: number,
  ): Promise<Outcome> {
    const scope = createAbortScope(call);
    // fetch(request, init) builds the Request it sends once; building it here as
    // well would cost a second copy on every attempt.
    const init = withAuthorization(request, scope.signal);
    call.log.sending(retry, init.headers ?? request.headers, call.loggableBody);

    let started: number | undefined;
    try {
      // The timer starts once the rate limiter lets the attempt go, not while queued.
      const response = await limiter.run(() => {
        started = performance.now();
        scope.startTimer();
        return options.fetch(request, init);
      }, scope.signal);

      scope.stopTimer();
      call.log.finished(retry, response.status, elapsedSince(started));
      call.log.received(retry, response.headers);
      return { response, scope };
    } catch (error) {
      scope.dispose();
      const failure = toAttemptError(call, scope, error);
      call.log.finished(retry, describeFailure(failure), elapsedSince(started));
      return { error: failure };
    }
  }

  async function finish(call: Call, { response, scope }: Answer): Promise<Response> {
    const guarded = guardBody(response, {
      scope,
      toError: (error) => toAttemptError(call, scope, error),
      onSettled: () => scope.dispose(),
    });

    if (response.status < 400) return guarded;
    throw await errorFromResponse(call.method, call.url, guarded);
  }

  function withAuthorization(
    request: Request,
    signal: AbortSignal,
  ): { signal: AbortSignal; headers?: Headers } {
    const token = options.getToken();
    if (!token || request.headers.has("authorization")) return { signal };

    const headers = new Headers(request.headers);
    headers.set("authorization", `Bearer ${token}`);
    return { signal, headers };
  }

  return {
    fetch: (request) => send(request, {}),
    withControls: (controls) => (request) => send(request, controls),
  };
}

/** The attempt's own reason when it was aborted, else the failure as ours. */
function toAttemptError(call: Call, scope: AbortScope, error: unknown): CellEngineError {
  const reason: unknown = scope.signal.aborted ? scope.signal.reason : error;
  if (reason instanceof CellEngineError) return reason;
  return new ConnectionError(call.method, call.url, error);
}

/** No answer came (the caller's own abort is not a failure to retry). */
function isRetryableFailure(error: CellEngineError): boolean {
  return error instanceof ConnectionError || error instanceof TimeoutError;
}

function describeFailure(error: CellEngineError): string {
  if (error instanceof TimeoutError) return "timed out";
  if (error instanceof AbortError) return "aborted";
  return "connection failed";
}

function elapsedSince(started: number | undefined): number {
  return started === undefined ? 0 : performance.now() - started;
}

function checkControls(controls: CallControls, source: string): void {
  const { maxRetries, timeoutMs } = controls;
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0)) {
    throw new ConfigurationError(
      `maxRetries in ${source} is ${maxRetries}; use a whole number of 0 or more ` +
        "(0 means one attempt)",
    );
  }
  if (timeoutMs !== undefined && !(timeoutMs > 0)) {
    throw new ConfigurationError(
      `timeoutMs in ${source} is ${timeoutMs}; use a number of milliseconds above 0 ` +
        "(or Infinity for no timeout)",
    );
  }
}
