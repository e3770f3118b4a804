/**
 * Reads `api/recorded/MANIFEST.md`: which request each recorded body answered.
 */
import { readFileSync } from "node:fs";

export interface Recording {
  file: string;
  /** `undefined` when the entry is not an HTTP response (derived data). */
  method?: string;
  path?: string;
  status?: number;
  contentType?: string;
  /** What part of the response the file holds, when it is not the whole body. */
  part?: "first-item" | { schema: string; property: string };
}

function parseRequest(line: string): Pick<Recording, "method" | "path" | "part"> {
  const request = line.match(/`([^`]*)`/)?.[1] ?? "";

  const value = request.match(/value of (\w+)\.(\w+)/);
  if (value?.[1] && value[2]) {
    const route = request.match(/\((GET|POST|PATCH|DELETE) (\/api\/v1\/\S+)\)/);
    return {
      method: route?.[1],
      path: route?.[2],
      part: { schema: value[1], property: value[2] },
    };
  }

  const route = request.match(/^(GET|POST|PATCH|DELETE|PUT) (\/api\/v1\/\S+)/);
  if (!route) return {};
  const part = /element \[0\]/.test(request) ? "first-item" : undefined;
  return { method: route[1], path: route[2], part };
}

export function readManifest(path: string): Recording[] {
  const sections = readFileSync(path, "utf8").split(/^### /m).slice(1);

  return sections.map((section) => {
    const file = section.match(/^`([^`]+)`/)?.[1] ?? "";
    const requestLine = section.match(/^- request: (.*)$/m)?.[1] ?? "";
    const status = section.match(/^- status: (\d{3})/m)?.[1];
    const contentType = section.match(/content-type ([\w.+-]+\/[\w.+-]+)/)?.[1];

    return {
      file,
      ...parseRequest(requestLine),
      status: status ? Number(status) : undefined,
      contentType,
    };
  });
}
