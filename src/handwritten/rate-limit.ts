/**
 * Keeps one client within the API's request ceiling and its own parallelism cap.
 *
 * p-queue's strict mode counts starts in a sliding window, and the window here is
 * one start long (see windowFor), so starts are spaced evenly and no 1-second span
 * holds more than the allowed number.
 * A slot is held until the task settles; the transport's task ends when response
 * headers arrive, so a caller that keeps a streamed body open does not block
 * everyone else.
 */
import PQueue from "p-queue";

import { ConfigurationError } from "./errors.js";

export interface RateLimits {
  /** Attempts started in any 1-second window; `Infinity` for no limit. */
  maxRequestsPerSecond: number;
  /** Tasks running at once; `Infinity` for no limit. */
  concurrency: number;
}

export interface RateLimiter {
  /** Runs `task` when the limits allow; an abort while it waits drops it unrun. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

const WINDOW_MS = 1_000;

export function createRateLimiter(limits: RateLimits): RateLimiter {
  const queue = new PQueue({
    concurrency: checkConcurrency(limits.concurrency),
    ...windowFor(limits.maxRequestsPerSecond),
  });

  return {
    run: (task, signal) => queue.add(() => task(), { signal }),
  };
}

/**
 * Starts are spaced evenly, one per 1/rate seconds, rather than allowed as a burst
 * of `rate` per window: the server counts arrivals, not starts, and a burst whose
 * first requests were slowed by opening connections would land on top of the next
 * burst and show it twice the rate in one second.
 */
function windowFor(rate: number) {
  if (rate === Infinity) return {};
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new ConfigurationError(
      `maxRequestsPerSecond is ${rate}; use a number above 0 (the API allows 100)`,
    );
  }
  return { intervalCap: 1, interval: Math.ceil(WINDOW_MS / rate), strict: true };
}

function checkConcurrency(concurrency: number): number {
  if (concurrency === Infinity || (Number.isInteger(concurrency) && concurrency >= 1)) {
    return concurrency;
  }

  throw new ConfigurationError(
    `concurrency is ${concurrency}; use a whole number of at least 1 (default 8)`,
  );
}
