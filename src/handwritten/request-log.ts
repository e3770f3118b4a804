/**
 * The transport's log lines. `info`: one line per attempt, such as
 * `GET /api/v1/experiments 200 12ms` or `GET /api/v1/experiments 503 8ms retry 1`;
 * attempts that failed (an error status, a timeout, no connection) come at `warn`.
 * `debug` adds, before each attempt, its headers and (for JSON) its body, after it
 * the answer's headers, and the wait before each retry. Credentials are masked in all of them: the URL through
 * `redactUrl`, headers through `redactHeaders`, bodies through `redactValue`.
 */
import type { LogLevel, Logger } from "./logger.js";
import { redactHeaders, redactText, redactUrl, redactValue } from "./redact.js";

const BODY_TEXT_LIMIT = 2_000;

export interface RequestLog {
  /** Whether `debug` lines are wanted, so the body is read only when they are. */
  readonly wantsBody: boolean;
  sending(retry: number, headers: Headers, body: unknown): void;
  finished(retry: number, outcome: number | string, ms: number): void;
  /** At debug, the answer's headers (credentials masked); its body is the caller's. */
  received(retry: number, headers: Headers): void;
  waiting(retry: number, ms: number): void;
}

/** With logging off, every call shares this rather than building its own. */
const SILENT: RequestLog = {
  wantsBody: false,
  sending() {},
  finished() {},
  received() {},
  waiting() {},
};

export function createRequestLog(
  logger: Logger,
  method: string,
  url: string,
): RequestLog {
  const isEnabled = (level: LogLevel) => logger.isEnabled?.(level) ?? true;
  if (!isEnabled("warn")) return SILENT;
  let target: string | undefined;

  // Built on first use: with logging off, no URL is parsed at all.
  const label = () => (target ??= `${method} ${pathOf(url)}`);
  const retryNote = (retry: number) => (retry > 0 ? ` retry ${retry}` : "");

  return {
    wantsBody: isEnabled("debug"),

    sending(retry, headers, body) {
      if (!isEnabled("debug")) return;
      const details: Record<string, unknown> = { headers: redactHeaders(headers) };
      if (body !== undefined) details.body = body;
      logger.debug(`${label()} sending${retryNote(retry)}`, details);
    },

    finished(retry, outcome, ms) {
      // A failed attempt is worth a warning even to a caller who logs little.
      const failed = typeof outcome === "string" || outcome >= 400;
      const level = failed ? "warn" : "info";
      if (!isEnabled(level)) return;
      logger[level](`${label()} ${outcome} ${Math.round(ms)}ms${retryNote(retry)}`);
    },

    received(retry, headers) {
      if (!isEnabled("debug")) return;
      logger.debug(`${label()} answered${retryNote(retry)}`, {
        headers: redactHeaders(headers),
      });
    },

    waiting(retry, ms) {
      if (!isEnabled("debug")) return;
      logger.debug(`${label()} waiting ${Math.round(ms)}ms before${retryNote(retry)}`);
    },
  };
}

/**
 * The request body as it may be logged: JSON parsed and masked; anything else only
 * named by its type, since uploads are large and binary. Reads a clone, so the
 * request itself can still be sent.
 */
export async function readLoggableBody(request: Request): Promise<unknown> {
  if (request.body === null) return undefined;

  const type = request.headers.get("content-type") ?? "";
  if (!/[/+]json\b/i.test(type)) return `[${type || "untyped"} body not logged]`;

  const text = await request.clone().text();
  try {
    return redactValue(JSON.parse(text));
  } catch {
    return redactText(text.slice(0, BODY_TEXT_LIMIT));
  }
}

/** Path and query, with credential-like query values masked. */
function pathOf(url: string): string {
  const safe = redactUrl(url);
  try {
    const parsed = new URL(safe);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return safe;
  }
}
