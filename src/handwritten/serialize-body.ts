/**
 * Request bodies of operations that accept multipart uploads.
 *
 * A body holding a `Blob` (a `File` is one) is sent as `multipart/form-data`, with
 * the file's own name as the part's filename; any other body is sent as JSON. The
 * Content-Type is left to `fetch` for FormData, which adds the boundary itself.
 */
export function serializeBody(body: unknown): FormData | string {
  if (!isRecord(body) || !Object.values(body).some((value) => value instanceof Blob)) {
    return JSON.stringify(body);
  }

  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined) continue;

    if (value instanceof Blob) {
      const filename = value instanceof File ? value.name : undefined;
      form.append(name, value, filename);
    } else {
      form.append(name, typeof value === "string" ? value : JSON.stringify(value));
    }
  }
  return form;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
