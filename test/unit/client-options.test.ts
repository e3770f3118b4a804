import { describe, expect, it } from "vitest";

import {
  normalizeBaseUrl,
  resolveClientOptions,
} from "../../src/handwritten/client-options.js";
import { ConfigurationError } from "../../src/handwritten/errors.js";

describe("resolveClientOptions", () => {
  it("defaults to cellengine.com, two retries, 60 s, 100 requests/s and 8 in flight", () => {
    const resolved = resolveClientOptions({ env: {} });

    expect(resolved).toMatchObject({
      baseUrl: "https://cellengine.com",
      token: undefined,
      maxRetries: 2,
      timeoutMs: 60_000,
      maxRequestsPerSecond: 100,
      concurrency: 8,
    });
  });

  it("reads the base URL, token and log level from the environment", () => {
    const lines: string[] = [];
    const sink = {
      error: () => {},
      warn: () => {},
      debug: () => {},
      info: (m: string) => lines.push(m),
    };

    const resolved = resolveClientOptions({
      logger: sink,
      env: {
        CELLENGINE_BASE_URL: "https://lab.cellengine.com/",
        CELLENGINE_AUTH_TOKEN: "cep_env",
        CELLENGINE_LOG: "INFO",
      },
    });
    resolved.logger.info("seen");
    resolved.logger.debug("not seen");

    expect(resolved.baseUrl).toBe("https://lab.cellengine.com");
    expect(resolved.token).toBe("cep_env");
    expect(lines).toEqual(["seen"]);
  });

  it("lets explicit options win over the environment", () => {
    const resolved = resolveClientOptions({
      baseUrl: "https://other.example.org",
      token: "cep_explicit",
      env: {
        CELLENGINE_BASE_URL: "https://lab.cellengine.com",
        CELLENGINE_AUTH_TOKEN: "x",
      },
    });

    expect(resolved.baseUrl).toBe("https://other.example.org");
    expect(resolved.token).toBe("cep_explicit");
  });

  it.each([
    [{ maxRetries: -1 }, "maxRetries must be a whole number, 0 or more (got -1)"],
    [{ maxRetries: 1.5 }, "maxRetries must be a whole number, 0 or more (got 1.5)"],
    [{ timeoutMs: 0 }, "timeoutMs must be a number above 0 (got 0)"],
    [{ concurrency: 0 }, "concurrency must be a whole number, 1 or more (got 0)"],
    [
      { maxRequestsPerSecond: Number.NaN },
      "maxRequestsPerSecond must be a number above 0",
    ],
  ])("refuses %j, saying what is wanted", (options, message) => {
    expect(() => resolveClientOptions({ ...options, env: {} })).toThrow(message);
  });

  it("names CELLENGINE_LOG when its value is not a level", () => {
    expect(() => resolveClientOptions({ env: { CELLENGINE_LOG: "verbose" } })).toThrow(
      'CELLENGINE_LOG is "verbose"; use one of off, error, warn, info, debug',
    );
  });
});

describe("normalizeBaseUrl", () => {
  it.each([
    ["https://cellengine.com/", "https://cellengine.com"],
    ["https://cellengine.com/api/v1", "https://cellengine.com"],
    ["https://cellengine.com/api/v1/", "https://cellengine.com"],
    ["http://localhost:4010/", "http://localhost:4010"],
    ["http://127.0.0.1:3000", "http://127.0.0.1:3000"],
    ["http://[::1]:3000", "http://[::1]:3000"],
    ["https://example.org/cellengine/", "https://example.org/cellengine"],
  ])("turns %s into %s", (input, expected) => {
    expect(normalizeBaseUrl(input, "baseUrl")).toBe(expected);
  });

  it("refuses plain http to a remote host, saying why", () => {
    const attempt = () => normalizeBaseUrl("http://cellengine.com", "baseUrl");

    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(
      /plain http:\/\/ to cellengine\.com.*unencrypted.*https:\/\//,
    );
  });

  it("refuses something that is not a URL, naming its source", () => {
    expect(() => normalizeBaseUrl("cellengine.com", "CELLENGINE_BASE_URL")).toThrow(
      'CELLENGINE_BASE_URL is "cellengine.com", not a URL',
    );
  });
});
