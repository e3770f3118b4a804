/**
 * When a failed attempt is worth repeating, and how long to wait first.
 *
 * Only requests that cannot change anything twice are repeated: GET, HEAD, DELETE
 * and OPTIONS, plus the POSTs the document marks as read-only (the transport asks
 * `isSafeToRetry` for those). Only failures that are likely to pass are retried:
 * no answer at all (connection failure, timeout) and 429, 502, 503, 504.
 *
 * The wait doubles from 0.5 s and stops growing at 8 s, with "equal jitter": half
 * of it is fixed and half random. The fixed half keeps a retry from landing in the
 * same instant as the failure it follows (full jitter can pick ~0 ms, wasting one
 * of the only two retries); the random half spreads out clients that failed
 * together. With the default two retries a call waits 0.25–0.5 s, then 0.5–1 s.
 * A `Retry-After` header wins over the computed wait, up to 60 s, so a server that
 * asks for an hour cannot hang a call for an hour.
 */

export const RETRY_BASE_DELAY_MS = 500;
export const RETRY_MAX_DELAY_MS = 8_000;
export const RETRY_AFTER_MAX_MS = 60_000;

const REPEATABLE_METHODS = new Set(["GET", "HEAD", "DELETE", "OPTIONS"]);
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** Whether the method is one HTTP defines as safe to send twice. */
export function isRepeatableMethod(method: string): boolean {
  return REPEATABLE_METHODS.has(method.toUpperCase());
}

/** Whether a response with this status may succeed if asked again. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * The wait before retry number `retry` (1 for the first retry), in ms. `random`
 * returns a number in [0, 1), like `Math.random`.
 */
export function computeBackoff(retry: number, random: () => number): number {
  const exponent = Math.max(0, retry - 1);
  const ceiling = Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** exponent);
  const half = ceiling / 2;

  return Math.round(half + half * clampUnit(random()));
}

/**
 * The wait a `Retry-After` value asks for, in ms and capped, or `undefined` when
 * the value is absent or unreadable (then the computed backoff applies). It is
 * either whole seconds (`"120"`) or an HTTP date; a date in the past means now.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;

  // Whole seconds per RFC 9110; a decimal is accepted because some proxies send one.
  if (/^\d+(\.\d+)?$/.test(text)) {
    return Math.min(Math.round(Number(text) * 1000), RETRY_AFTER_MAX_MS);
  }

  // A date always names a day or month; requiring a letter keeps Date.parse, which
  // is lenient, from reading "-1" or "5 5" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;

  return Math.min(Math.max(at - now, 0), RETRY_AFTER_MAX_MS);
}

/** The wait before retry number `retry`: the server's `Retry-After`, else backoff. */
export function computeRetryDelay(
  retry: number,
  retryAfter: string | null | undefined,
  random: () => number,
  now: number = Date.now(),
): number {
  return parseRetryAfter(retryAfter, now) ?? computeBackoff(retry, random);
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(Math.max(value, 0), 1);
}
