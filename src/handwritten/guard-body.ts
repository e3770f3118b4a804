/**
 * Keeps an attempt's timeout and the caller's signal in force while the body is
 * read: openapi-fetch reads it after `fetch` has resolved, when a plain timeout
 * around `fetch` would no longer be running.
 *
 * The body is passed through a stream that runs the countdown only while it waits
 * for the network, restarting it for every chunk. So `timeoutMs` bounds each silence
 * rather than the whole transfer: a large download that keeps moving is never cut
 * off, a stalled one is, and time the caller spends not reading does not count.
 * Errors leave the stream as our own classes (`TimeoutError`, `AbortError`,
 * `ConnectionError`), not as the runtime's DOMException or "terminated" TypeError.
 */
import type { AbortScope } from "./abort-scope.js";

export interface BodyGuard {
  scope: AbortScope;
  /** Turns a failed read into the error the caller should see. */
  toError(error: unknown): unknown;
  /** Runs once, when the body is finished, failed or cancelled. */
  onSettled(): void;
}

/**
 * The same response with its body guarded. Status, status text, headers, URL and
 * `redirected` are kept; the body is not read until the caller reads it.
 */
export function guardBody(response: Response, guard: BodyGuard): Response {
  const source = response.body;

  // Null-body statuses (204, 304, HEAD answers, opaque redirects) cannot be rebuilt.
  if (source === null) {
    guard.onSettled();
    return response;
  }

  const guarded = new Response(streamThrough(source, guard), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperties(guarded, {
    url: { value: response.url },
    redirected: { value: response.redirected },
  });
  return guarded;
}

function streamThrough(
  source: ReadableStream<Uint8Array>,
  { scope, toError, onSettled }: BodyGuard,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let settled = false;
  let onAbort = () => {};

  const settle = () => {
    if (settled) return false;
    settled = true;
    scope.stopTimer();
    scope.signal.removeEventListener("abort", onAbort);
    onSettled();
    return true;
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        // The fetch implementation may not abort its own body, so this does it.
        onAbort = () => {
          if (!settle()) return;
          controller.error(scope.signal.reason);
          reader.cancel(scope.signal.reason).catch(() => {});
        };
        if (scope.signal.aborted) onAbort();
        else scope.signal.addEventListener("abort", onAbort, { once: true });
      },

      async pull(controller) {
        scope.startTimer();
        try {
          const { done, value } = await reader.read();
          scope.stopTimer();
          if (settled) return;

          if (done) {
            settle();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          if (settle()) controller.error(toError(error));
        }
      },

      cancel(reason) {
        settle();
        return reader.cancel(reason);
      },
    },
    // Pull only when the caller reads, so the countdown measures the network alone.
    { highWaterMark: 0 },
  );
}
