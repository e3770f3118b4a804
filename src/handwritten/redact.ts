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
  return maskHeldSecrets(parsed.toString());
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
 * Credentials this process holds right now (a client's token, a password during
 * sign-in), counted because two clients may share one. A server may echo a token
 * in a shape no pattern expects ("Token cep_… has expired"), so the values
 * themselves are masked wherever text is shown. Very short values are not kept:
 * masking them would garble ordinary words.
 */
const heldSecrets = new Map<string, number>();
const MIN_SECRET_LENGTH = 8;

/** Masks `value` in all redacted text until the returned function is called. */
export function holdSecret(value: string | undefined): () => void {
  if (!value || value.length < MIN_SECRET_LENGTH) return () => {};

  heldSecrets.set(value, (heldSecrets.get(value) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const count = (heldSecrets.get(value) ?? 1) - 1;
    if (count > 0) heldSecrets.set(value, count);
    else heldSecrets.delete(value);
  };
}

function maskHeldSecrets(text: string): string {
  let masked = text;
  for (const secret of heldSecrets.keys()) masked = masked.split(secret).join(REDACTED);
  return masked;
}

/**
 * Masks credentials inside free text: the values this process holds, `Bearer …`,
 * query or form pairs such as `token=…`, and JSON members such as `"password":"…"`.
 */
export function redactText(text: string): string {
  return maskHeldSecrets(text)
    .replace(/(bearer\s+)[^\s"',]+/gi, `$1${REDACTED}`)
    .replace(/(\b(?:token|access_token|password|otp)=)[^&\s"']+/gi, `$1${REDACTED}`)
    .replace(
      /("(?:token|password|otp|secretKey|accessKey)"\s*:\s*")[^"]*/gi,
      `$1${REDACTED}`,
    );
}
