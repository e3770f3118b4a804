/**
 * Turns an error response into the `ApiError` subclass for its status. The body is
 * read once, as text, then parsed as JSON if it can be: error bodies are JSON
 * `{"error": "…"}` normally, but proxies and some auth failures answer in text.
 */
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  UnprocessableEntityError,
  type ApiErrorDetails,
} from "./errors.js";

const TEXT_PREVIEW_LENGTH = 200;
const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-correlation-id"];

const CLASS_BY_STATUS: Record<number, new (details: ApiErrorDetails) => ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function messageOf(body: unknown, text: string, status: number, statusText: string) {
  const fallback = statusText || `HTTP ${status}`;

  if (typeof body === "object" && body !== null) {
    const error = (body as { error?: unknown }).error;
    if (nonEmpty(error)) return error;

    const nested = (error as { message?: unknown } | null | undefined)?.message;
    // A JSON body without a usable message (`{"error": ""}`) says no more than
    // its status does.
    return nonEmpty(nested) ? nested : fallback;
  }

  const trimmed = readableText(text);
  return trimmed ? trimmed.slice(0, TEXT_PREVIEW_LENGTH) : fallback;
}

/**
 * A proxy's HTML error page says what went wrong in its title or its text, not in
 * its markup, so a page is reduced to that; any other text is kept as it is.
 */
function readableText(text: string): string {
  const trimmed = text.trim();
  if (!/^<(!doctype html|html)\b/i.test(trimmed)) return trimmed;

  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
  if (title) return title;
  return trimmed
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function createApiError(details: ApiErrorDetails): ApiError {
  const ErrorClass =
    CLASS_BY_STATUS[details.status] ?? (details.status >= 500 ? ServerError : ApiError);
  return new ErrorClass(details);
}

/** Reads the failed response's body and builds the matching error. */
export async function errorFromResponse(
  method: string,
  url: string,
  response: Response,
): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  return errorFromText(method, url, response, text);
}

/**
 * The same error for a response whose body was already read: openapi-fetch hands
 * back `{ error }` (parsed JSON, or the text, or undefined when empty) and the
 * spent response.
 */
export function errorFromParsedBody(
  method: string,
  url: string,
  response: Response,
  error: unknown,
): ApiError {
  const text =
    error === undefined ? "" : typeof error === "string" ? error : JSON.stringify(error);
  return errorFromText(method, url, response, text);
}

function errorFromText(method: string, url: string, response: Response, text: string) {
  const body = parseBody(text);
  const requestId = REQUEST_ID_HEADERS.map((name) => response.headers.get(name)).find(
    (value) => value !== null,
  );

  return createApiError({
    status: response.status,
    method,
    url,
    serverMessage: messageOf(body, text, response.status, response.statusText),
    body: text === "" ? undefined : body,
    requestId: requestId ?? undefined,
  });
}
