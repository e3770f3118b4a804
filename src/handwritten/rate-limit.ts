/**
 * Keeps one client within the API's request ceiling and its own parallelism cap.
 *
 * p-queue's strict mode counts starts in a sliding window, so no 1-second span ever
 * holds more than the allowed number of starts; its default fixed windows would let
 * a burst at the end of one window and another at the start of the next through.
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

/** A rate below 1/s becomes one start per longer window (0.5 → 1 per 2 s). */
function windowFor(rate: number) {
  if (rate === Infinity) return {};
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new ConfigurationError(
      `maxRequestsPerSecond is ${rate}; use a number above 0 (the API allows 100)`,
    );
  }

  if (rate < 1)
    return { intervalCap: 1, interval: Math.round(WINDOW_MS / rate), strict: true };
  return { intervalCap: Math.floor(rate), interval: WINDOW_MS, strict: true };
}

function checkConcurrency(concurrency: number): number {
  if (concurrency === Infinity || (Number.isInteger(concurrency) && concurrency >= 1)) {
    return concurrency;
  }

  throw new ConfigurationError(
    `concurrency is ${concurrency}; use a whole number of at least 1 (default 8)`,
  );
}
