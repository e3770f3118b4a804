/**
 * Removes credentials from anything that may be shown to a person: URLs, headers
 * and bodies that end up in logs and error objects.
 */
export const REDACTED = "[REDACTED]";

const SECRET_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
]);

/** Keys whose values are credentials wherever they appear in a body or a query. */
const SECRET_KEY =
  /^(password|passwd|token|access_?token|otp|secret|secret_?key|access_?key|authorization|cookie)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** The URL with any user-info and any credential-like query parameter masked. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return String(url).replace(
      /([?&](?:token|access_token|password)=)[^&#]*/gi,
      `$1${REDACTED}`,
    );
  }

  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  for (const key of [...parsed.searchParams.keys()]) {
    if (isSecretKey(key)) parsed.searchParams.set(key, REDACTED);
  }
  return parsed.toString();
}

/** Headers as a plain object, with credential headers masked. */
export function redactHeaders(
  headers: Headers | Record<string, string>,
): Record<string, string> {
  const entries =
    headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  return Object.fromEntries(
    entries.map(([name, value]) => [
      name,
      SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value,
    ]),
  );
}

/** A deep copy of a JSON-like value with credential fields and fragments masked. */
export function redactValue(value: unknown): unknown {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (typeof value !== "object" || value === null) return value;

  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      isSecretKey(key) ? REDACTED : redactValue(inner),
    ]),
  );
}

/**
 * Masks credentials inside free text: `Bearer …`, query or form pairs such as
 * `token=…`, and JSON members such as `"password":"…"`.
 */
export function redactText(text: string): string {
  return text
    .replace(/(bearer\s+)[^\s"',]+/gi, `$1${REDACTED}`)
    .replace(/(\b(?:token|access_token|password|otp)=)[^&\s"']+/gi, `$1${REDACTED}`)
    .replace(
      /("(?:token|password|otp|secretKey|accessKey)"\s*:\s*")[^"]*/gi,
      `$1${REDACTED}`,
    );
}
