/**
 * Reads a client's settings from its options and the environment, explicit options
 * first, and refuses values that cannot work with a message that says what to fix.
 */
import { ConfigurationError } from "./errors.js";
import { createLogger, parseLogLevel, type LogLevel, type Logger } from "./logger.js";

export const DEFAULT_BASE_URL = "https://cellengine.com";

export interface ClientOptions {
  /** Server address; default `CELLENGINE_BASE_URL`, else https://cellengine.com. */
  baseUrl?: string;
  /** A personal access token or session token; default `CELLENGINE_AUTH_TOKEN`. */
  token?: string;
  /** The fetch implementation; default the global one. */
  fetch?: typeof globalThis.fetch;
  /** Retries of a request that is safe to repeat; default 2. */
  maxRetries?: number;
  /**
   * Time allowed for each attempt to get its answer's headers, then for each wait on
   * the next piece of the body, in milliseconds; default 60,000.
   */
  timeoutMs?: number;
  /** Ceiling on requests started per second; default 100, the API's documented limit. */
  maxRequestsPerSecond?: number;
  /** Most requests in flight at once; default 8. */
  concurrency?: number;
  /** `off` (default), `error`, `warn`, `info` or `debug`; default `CELLENGINE_LOG`. */
  logLevel?: LogLevel;
  /** Where log lines go; default the console. */
  logger?: Logger;
  /** The environment to read; default `process.env` where there is one. */
  env?: Record<string, string | undefined>;
}

export interface ResolvedClientOptions {
  baseUrl: string;
  token: string | undefined;
  fetch: typeof globalThis.fetch;
  maxRetries: number;
  timeoutMs: number;
  maxRequestsPerSecond: number;
  concurrency: number;
  logger: Logger;
}

export function processEnv(): Record<string, string | undefined> {
  const process = (globalThis as { process?: { env?: Record<string, string> } }).process;
  return process?.env ?? {};
}

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);

function isLoopback(hostname: string) {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Scheme and host only: paths carry `/api/v1` themselves, so a trailing slash or a
 * copied `/api/v1` suffix would double it.
 */
export function normalizeBaseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigurationError(
      `${source} is ${JSON.stringify(value)}, not a URL; use e.g. ${DEFAULT_BASE_URL}`,
    );
  }

  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigurationError(
      `${source} must start with https:// (got ${url.protocol})`,
    );
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    throw new ConfigurationError(
      `${source} uses plain http:// to ${url.hostname}, which would send the token ` +
        "unencrypted; use https:// (http:// is accepted only for localhost and 127.0.0.1)",
    );
  }

  const path = url.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
  return `${url.origin}${path}`;
}

// Infinity is a valid "no limit" for the rate, the parallelism and the timeout.
const RULES = {
  count: [
    (value: number) => Number.isInteger(value) && value >= 0,
    "a whole number, 0 or more",
  ],
  size: [
    (value: number) => value === Infinity || (Number.isInteger(value) && value >= 1),
    "a whole number, 1 or more",
  ],
  positive: [(value: number) => value > 0, "a number above 0"],
} as const;

function checkNumber(value: number, name: string, rule: keyof typeof RULES) {
  const [accepts, wanted] = RULES[rule];
  if (typeof value === "number" && accepts(value)) return value;

  throw new ConfigurationError(`${name} must be ${wanted} (got ${String(value)})`);
}

/**
 * An explicit token wins; an empty environment variable counts as unset. A token
 * is refused (without being echoed) when it cannot travel in a header.
 */
export function checkToken(explicit: string | undefined, fromEnv: string | undefined) {
  const [token, source] =
    explicit !== undefined
      ? [explicit, "token"]
      : [fromEnv || undefined, "CELLENGINE_AUTH_TOKEN"];
  if (token === undefined) return undefined;

  if (token.trim() === "") {
    throw new ConfigurationError(`${source} is empty; pass a token or leave it out`);
  }
  if (/[\s\u0000-\u001f\u007f]/.test(token)) {
    throw new ConfigurationError(
      `${source} contains spaces, line breaks or control characters; copy the token ` +
        "again without them",
    );
  }
  return token;
}

export function resolveClientOptions(options: ClientOptions = {}): ResolvedClientOptions {
  const env = options.env ?? processEnv();

  const baseUrl = options.baseUrl
    ? normalizeBaseUrl(options.baseUrl, "baseUrl")
    : normalizeBaseUrl(
        env.CELLENGINE_BASE_URL || DEFAULT_BASE_URL,
        "CELLENGINE_BASE_URL",
      );

  const logLevel =
    options.logLevel !== undefined
      ? parseLogLevel(options.logLevel, "logLevel")
      : parseLogLevel(env.CELLENGINE_LOG || "off", "CELLENGINE_LOG");

  const fetch = options.fetch ?? globalThis.fetch;
  if (typeof fetch !== "function") {
    throw new ConfigurationError(
      "No fetch implementation: pass `fetch` (Node 20+ has one)",
    );
  }

  return {
    baseUrl,
    token: checkToken(options.token, env.CELLENGINE_AUTH_TOKEN),
    fetch,
    maxRetries: checkNumber(options.maxRetries ?? 2, "maxRetries", "count"),
    timeoutMs: checkNumber(options.timeoutMs ?? 60_000, "timeoutMs", "positive"),
    maxRequestsPerSecond: checkNumber(
      options.maxRequestsPerSecond ?? 100,
      "maxRequestsPerSecond",
      "positive",
    ),
    concurrency: checkNumber(options.concurrency ?? 8, "concurrency", "size"),
    logger: createLogger(logLevel, options.logger),
  };
}
