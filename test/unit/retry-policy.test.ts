import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  RETRY_AFTER_MAX_MS,
  RETRY_MAX_DELAY_MS,
  computeBackoff,
  computeRetryDelay,
  isRepeatableMethod,
  isRetryableStatus,
  parseRetryAfter,
} from "../../src/handwritten/retry-policy.js";

const NOW = Date.parse("2024-03-01T12:00:00Z");

describe("which requests are repeated", () => {
  it("treats GET, HEAD, DELETE and OPTIONS as repeatable, in any case", () => {
    for (const method of ["GET", "HEAD", "DELETE", "OPTIONS", "get", "delete"]) {
      expect(isRepeatableMethod(method), method).toBe(true);
    }
  });

  it("never treats POST, PATCH or PUT as repeatable on its own", () => {
    for (const method of ["POST", "PATCH", "PUT", "post"]) {
      expect(isRepeatableMethod(method), method).toBe(false);
    }
  });

  it("retries 429, 502, 503 and 504 and no other status", () => {
    const retried = [];
    for (let status = 100; status < 600; status++) {
      if (isRetryableStatus(status)) retried.push(status);
    }
    expect(retried).toEqual([429, 502, 503, 504]);
  });
});

describe("backoff", () => {
  it("waits 250–500 ms, then 500–1000 ms, doubling from a 0.5 s base", () => {
    expect(computeBackoff(1, () => 0)).toBe(250);
    expect(computeBackoff(1, () => 0.999999)).toBe(500);
    expect(computeBackoff(2, () => 0)).toBe(500);
    expect(computeBackoff(2, () => 0.5)).toBe(750);
    expect(computeBackoff(3, () => 0)).toBe(1000);
    expect(computeBackoff(5, () => 0)).toBe(4000);
  });

  it("stops growing at 8 s", () => {
    expect(computeBackoff(6, () => 0.999999)).toBe(RETRY_MAX_DELAY_MS);
    expect(computeBackoff(60, () => 0.999999)).toBe(RETRY_MAX_DELAY_MS);
    expect(computeBackoff(60, () => 0)).toBe(RETRY_MAX_DELAY_MS / 2);
  });

  it("stays between half and all of its ceiling for any retry and any jitter", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, jitter) => {
          const ceiling = Math.min(RETRY_MAX_DELAY_MS, 500 * 2 ** (retry - 1));
          const delay = computeBackoff(retry, () => jitter);
          return delay >= ceiling / 2 && delay <= ceiling;
        },
      ),
    );
  });

  it("ignores a jitter source that returns nonsense", () => {
    expect(computeBackoff(1, () => Number.NaN)).toBe(250);
    expect(computeBackoff(1, () => 7)).toBe(500);
    expect(computeBackoff(1, () => -3)).toBe(250);
  });
});

describe("Retry-After", () => {
  it("reads whole seconds", () => {
    expect(parseRetryAfter("0", NOW)).toBe(0);
    expect(parseRetryAfter("2", NOW)).toBe(2000);
    expect(parseRetryAfter(" 30 ", NOW)).toBe(30_000);
  });

  it("reads decimal seconds, which some proxies send", () => {
    expect(parseRetryAfter("1.5", NOW)).toBe(1500);
  });

  it("reads an HTTP date as the time left until it", () => {
    expect(parseRetryAfter("Fri, 01 Mar 2024 12:00:05 GMT", NOW)).toBe(5000);
  });

  it("reads the obsolete RFC 850 date form", () => {
    expect(parseRetryAfter("Friday, 01-Mar-24 12:00:07 GMT", NOW)).toBe(7000);
  });

  it("treats a date in the past as no wait", () => {
    expect(parseRetryAfter("Fri, 01 Mar 2024 11:59:00 GMT", NOW)).toBe(0);
  });

  it("caps both forms at 60 s", () => {
    expect(parseRetryAfter("3600", NOW)).toBe(RETRY_AFTER_MAX_MS);
    expect(parseRetryAfter("Sat, 02 Mar 2024 12:00:00 GMT", NOW)).toBe(
      RETRY_AFTER_MAX_MS,
    );
  });

  it("gives nothing for absent or unreadable values", () => {
    for (const value of [null, undefined, "", "  ", "-1", "soon", "1e3", "5 5", "0x10"]) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
    }
  });

  it("caps any whole number of seconds at 60 s and never goes below 0", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (seconds) => {
        const delay = parseRetryAfter(String(seconds), NOW);
        return delay === Math.min(seconds * 1000, RETRY_AFTER_MAX_MS);
      }),
    );
  });

  it("reads any HTTP date within a day of now, in whole seconds and capped", () => {
    fc.assert(
      fc.property(fc.integer({ min: -86_400, max: 86_400 }), (offsetSeconds) => {
        const value = new Date(NOW + offsetSeconds * 1000).toUTCString();
        const expected = Math.min(Math.max(offsetSeconds * 1000, 0), RETRY_AFTER_MAX_MS);
        return parseRetryAfter(value, NOW) === expected;
      }),
    );
  });
});

describe("the wait before a retry", () => {
  it("takes the server's Retry-After over the computed backoff", () => {
    expect(computeRetryDelay(1, "3", () => 0, NOW)).toBe(3000);
    expect(computeRetryDelay(1, "0", () => 0.9, NOW)).toBe(0);
  });

  it("falls back to backoff when Retry-After is absent or unreadable", () => {
    expect(computeRetryDelay(2, null, () => 0, NOW)).toBe(500);
    expect(computeRetryDelay(2, "later", () => 0, NOW)).toBe(500);
  });
});
