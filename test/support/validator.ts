/**
 * Validates values against schemas of the document with a JSON Schema 2020-12
 * validator, the dialect OpenAPI 3.1 schemas are written in.
 */
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

import type { OpenApiDocument } from "../../codegen/document.js";

const DOCUMENT_ID = "https://cellengine.test/openapi.json";

// ajv-formats is published as CommonJS with its function on `default`.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Local references point into the document, which the validator knows by an ID. */
function anchorRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(anchorRefs);
  if (typeof value !== "object" || value === null) return value;

  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (key === "$ref" && typeof inner === "string" && inner.startsWith("#/")) {
        return [key, `${DOCUMENT_ID}${inner}`];
      }
      return [key, anchorRefs(inner)];
    }),
  );
}

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => `at ${error.instancePath || "(root)"}: ${error.message ?? ""}`)
    .join("\n");
}

export function createValidator(document: OpenApiDocument) {
  // OpenAPI adds keywords (`discriminator`, `example`, `x-…`) that are not JSON
  // Schema; strict mode would reject them, so unknown keywords are ignored.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("binary", true);
  ajv.addFormat("password", true);
  ajv.addSchema({ $id: DOCUMENT_ID, components: anchorRefs(document.components) });

  return (schema: unknown, value: unknown) => {
    const validate = ajv.compile(anchorRefs(schema) as object);
    const valid = validate(value);
    return { valid, errors: describeErrors(validate.errors) };
  };
}
