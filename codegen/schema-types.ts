/**
 * Compiles the document to `paths`/`components` types with openapi-typescript.
 */
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";

import { pathToFileURL } from "node:url";

import { DOCUMENT_PATH } from "./document.js";
import { wrapDocComments } from "./wrap-comments.js";

/**
 * openapi-typescript types `format: binary` as `string`, which would let a caller
 * pass text where bytes belong; bodies and files are `Blob`s at runtime.
 */
function binaryAsBlob(schema: { format?: unknown }) {
  if (schema.format !== "binary") return undefined;
  return ts.factory.createTypeReferenceNode("Blob");
}

export async function renderSchemaTypes(): Promise<string> {
  const ast = await openapiTS(pathToFileURL(DOCUMENT_PATH), {
    transform: binaryAsBlob,
    alphabetize: false,
    // A request field with a server-side default is still optional to send.
    defaultNonNullable: false,
    silent: true,
  });
  return wrapDocComments(astToString(ast));
}
