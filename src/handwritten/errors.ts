/**
 * Every failure the client reports is a `CellEngineError`; each kind has its own
 * subclass so callers can catch exactly what they can handle. No error carries a
 * token, cookie or password in its message, its stack or its JSON form.
 */
import { redactText, redactUrl, redactValue } from "./redact.js";

export class CellEngineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(redactText(message), options);
    this.name = new.target.name;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}

/** An option or environment variable has a value the client cannot use. */
export class ConfigurationError extends CellEngineError {}

/** The account needs a one-time code and no `otp` callback was given to ask for it. */
export class OtpRequiredError extends CellEngineError {
  constructor() {
    super(
      "This account uses two-factor authentication: pass `otp` (the current code) or " +
        "an `otp: async () => code` callback to Client.connect().",
    );
  }
}

/** An entity-layer call needed the default client and none was set. */
export class NoDefaultClientError extends CellEngineError {
  constructor() {
    super(
      "No default client is set: call `await Client.connect(...)` first, or " +
        "`setDefaultClient(client)` with a client you made.",
    );
  }
}

export interface ApiErrorDetails {
  status: number;
  method: string;
  url: string;
  /** The server's own message, before any advice is added. */
  serverMessage: string;
  body: unknown;
  requestId?: string | undefined;
}

/** The server answered with an error status. */
export class ApiError extends CellEngineError {
  readonly status: number;
  readonly method: string;
  /** The request URL with credentials removed. */
  readonly url: string;
  readonly serverMessage: string;
  /** The parsed error body: JSON where it was JSON, else the text. */
  readonly body: unknown;
  readonly requestId: string | undefined;

  constructor(details: ApiErrorDetails, message = details.serverMessage) {
    super(message);
    this.status = details.status;
    this.method = details.method.toUpperCase();
    this.url = redactUrl(details.url);
    this.serverMessage = redactText(details.serverMessage);
    this.body = redactValue(details.body);
    this.requestId = details.requestId;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      method: this.method,
      url: this.url,
      requestId: this.requestId,
      body: this.body,
    };
  }
}

/** 400: the request was malformed or a field was invalid; the message names it. */
export class BadRequestError extends ApiError {}

/** 401: the token is missing, invalid or expired. */
export class AuthenticationError extends ApiError {
  constructor(details: ApiErrorDetails) {
    super(
      details,
      `${details.serverMessage} (the token is missing, invalid or expired: sign in ` +
        "again with Client.connect({ username, password }), or create a personal " +
        "access token in CellEngine and set CELLENGINE_AUTH_TOKEN)",
    );
  }
}

/** 403: the token is valid but lacks the permission this operation needs. */
export class PermissionDeniedError extends ApiError {}

/** 404: no such resource, or it was deleted. */
export class NotFoundError extends ApiError {}

/** 409: the request conflicts with the resource's current state. */
export class ConflictError extends ApiError {}

/** 422: the server understood the request but cannot process its content. */
export class UnprocessableEntityError extends ApiError {}

/** 429: too many requests; retried automatically for requests safe to repeat. */
export class RateLimitError extends ApiError {}

/** 5xx: the server failed; retried automatically for requests safe to repeat. */
export class ServerError extends ApiError {}

/** The cause's own words, down its chain: fetch says only "fetch failed". */
function describeCause(cause: unknown): string {
  const parts: string[] = [];
  for (let at = cause; at instanceof Error && parts.length < 4; at = at.cause) {
    const code = (at as { code?: unknown }).code;
    parts.push(typeof code === "string" ? `${at.message} (${code})` : at.message);
  }
  return parts.length > 0 ? parts.join(": ") : String(cause);
}

/** The request never got an answer: DNS, refused or reset connection, TLS. */
export class ConnectionError extends CellEngineError {
  readonly method: string;
  readonly url: string;

  constructor(method: string, url: string, cause: unknown) {
    super(
      `${method} ${redactUrl(url)} failed: ${describeCause(cause)}; check the network ` +
        "and the server address (baseUrl or CELLENGINE_BASE_URL)",
      { cause },
    );
    this.method = method;
    this.url = redactUrl(url);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, url: this.url };
  }
}

/** No answer arrived within the timeout (per attempt; retries may add more). */
export class TimeoutError extends CellEngineError {
  readonly method: string;
  readonly url: string;
  readonly timeoutMs: number;

  constructor(method: string, url: string, timeoutMs: number) {
    super(
      `${method} ${redactUrl(url)} got no answer within ${timeoutMs} ms; raise ` +
        "`timeoutMs` for slow operations",
    );
    this.method = method;
    this.url = redactUrl(url);
    this.timeoutMs = timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      method: this.method,
      url: this.url,
      timeoutMs: this.timeoutMs,
    };
  }
}

/** The caller's AbortSignal cancelled the request. */
export class AbortError extends CellEngineError {
  readonly method: string;
  readonly url: string;

  constructor(method: string, url: string, cause?: unknown) {
    super(`${method} ${redactUrl(url)} was aborted by its signal`, { cause });
    this.method = method;
    this.url = redactUrl(url);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, url: this.url };
  }
}

export interface NameLookup {
  /** The kind of resource, e.g. "experiments" or "fcsfiles". */
  kind: string;
  name: string;
  experimentId?: string | undefined;
}

/** What one entity of each kind is called in a sentence. */
const SINGULAR: Record<string, string> = {
  experiments: "experiment",
  folders: "folder",
  fcsfiles: "FCS file",
  attachments: "attachment",
  compensations: "compensation",
  populations: "population",
};

function describeLookup({ kind, name, experimentId }: NameLookup) {
  const scope = experimentId ? ` in experiment ${experimentId}` : "";
  return `${SINGULAR[kind] ?? kind} named ${JSON.stringify(name)}${scope}`;
}

/** No resource of that kind has that name. */
export class NameNotFoundError extends CellEngineError {
  readonly kind: string;
  readonly resourceName: string;
  readonly experimentId: string | undefined;

  constructor(lookup: NameLookup) {
    const where = lookup.experimentId ? " and the experiment ID" : "";
    super(`No ${describeLookup(lookup)} was found; check the spelling${where}`);
    this.kind = lookup.kind;
    this.resourceName = lookup.name;
    this.experimentId = lookup.experimentId;
  }
}

/** More than one resource of that kind has that name; use an ID instead. */
export class AmbiguousNameError extends CellEngineError {
  readonly kind: string;
  readonly resourceName: string;
  readonly experimentId: string | undefined;

  constructor(lookup: NameLookup) {
    super(`More than one ${describeLookup(lookup)} exists; pass its ID instead`);
    this.kind = lookup.kind;
    this.resourceName = lookup.name;
    this.experimentId = lookup.experimentId;
  }
}
