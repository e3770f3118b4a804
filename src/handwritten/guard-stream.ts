/**
 * The body as a guarded stream, for callers that read `response.body` themselves or
 * clone the response (guard-body.ts explains the guard). It pulls from the network
 * only when the caller reads, so the countdown measures the network alone.
 */
import type { BodyGuard } from "./guard-body.js";

export function guardStream(
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
    { highWaterMark: 0 },
  );
}
