/**
 * Every real response on record must validate against the schema the document gives
 * the operation that produced it: the document describes the API as it answers.
 */
import { readFileSync } from "node:fs";

import { beforeAll, describe, expect, it } from "vitest";

import { loadDocument, type OpenApiDocument } from "../codegen/document.js";
import { readManifest, type Recording } from "./support/manifest.js";
import { missingShared, sharedPath } from "./support/shared.js";
import { createValidator } from "./support/validator.js";

const MANIFEST = "api/recorded/MANIFEST.md";
const skipReason = missingShared(MANIFEST);

type Json = Record<string, unknown>;

const shapeOf = (path: string) => path.replace(/\{\w+\}/g, "{}").replace(/\/$/, "");

/** Follows a `$ref` object inside the document to what it names. */
function follow(document: OpenApiDocument, node: unknown): Json {
  const ref = (node as Json | undefined)?.$ref;
  if (typeof ref !== "string") return (node ?? {}) as Json;

  const target = ref
    .slice(2)
    .split("/")
    .reduce<unknown>((at, key) => (at as Json)[key.replace(/~1/g, "/")], document);
  return follow(document, target);
}

function schemaFor(document: OpenApiDocument, recording: Recording): unknown {
  const path = Object.keys(document.paths).find(
    (candidate) => shapeOf(candidate) === shapeOf(recording.path ?? ""),
  );
  if (!path) throw new Error(`The document has no path for ${recording.path}`);

  const method = (recording.method ?? "").toLowerCase();
  const operation = document.paths[path]?.[method] as Json | undefined;
  if (!operation) throw new Error(`The document has no ${recording.method} ${path}`);

  const responses = operation.responses as Json;
  const response = follow(document, responses[String(recording.status)]);
  const content = (response.content ?? {}) as Json;
  const mediaType = recording.file.endsWith(".json")
    ? "application/json"
    : (recording.contentType ?? "");
  const media = content[mediaType] as Json | undefined;
  if (!media) {
    throw new Error(
      `${operation.operationId} ${recording.status} has no ${mediaType} body`,
    );
  }

  const schema = media.schema;
  if (recording.part === "first-item") return follow(document, schema).items;
  if (typeof recording.part === "object") {
    const entity = follow(document, document.components.schemas?.[recording.part.schema]);
    return (entity.properties as Json)[recording.part.property];
  }
  return schema;
}

function readBody(recording: Recording): unknown {
  const text = readFileSync(sharedPath(`api/recorded/${recording.file}`), "utf8");
  return recording.file.endsWith(".json") ? JSON.parse(text) : text;
}

describe.skipIf(skipReason)(`real recordings ${skipReason ?? ""}`, () => {
  const recordings = skipReason ? [] : readManifest(sharedPath(MANIFEST));
  const responses = recordings.filter(
    (recording) => recording.method && recording.status,
  );
  let document: OpenApiDocument;
  let validate: ReturnType<typeof createValidator>;

  beforeAll(async () => {
    document = await loadDocument();
    validate = createValidator(document);
  });

  it("covers every file the manifest lists as an API response", () => {
    const derived = recordings.filter((recording) => !recording.method);
    expect(derived.map((recording) => recording.file)).toEqual([
      "derived.acea-compensated-events.json",
    ]);
    expect(responses.length).toBeGreaterThanOrEqual(40);
  });

  it.each(responses.map((recording) => [recording.file, recording] as const))(
    "%s validates against its operation's schema",
    (file, recording) => {
      const result = validate(schemaFor(document, recording), readBody(recording));
      expect(result.valid, `${file} breaks the schema\n${result.errors}`).toBe(true);
    },
  );
});
