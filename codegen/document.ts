/**
 * Loads `openapi/openapi.yaml` with every cross-file reference bundled into one
 * document, the view the generator and the contract tests share.
 */
import { fileURLToPath } from "node:url";

import { bundle, createConfig } from "@redocly/openapi-core";

export const DOCUMENT_PATH = fileURLToPath(
  new URL("../openapi/openapi.yaml", import.meta.url),
);

export const HTTP_METHODS = [
  "get",
  "put",
  "post",
  "delete",
  "patch",
  "head",
  "options",
] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The parts of an OpenAPI document the generator and tests read, loosely typed. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface OperationEntry {
  operationId: string;
  method: HttpMethod;
  path: string;
  operation: Record<string, unknown>;
}

/**
 * Bundles the document. With `dereference`, every `$ref` is replaced by its target,
 * which is what example lookups want; without, component references stay, which is
 * what schema validation wants.
 */
export async function loadDocument(options: { dereference?: boolean } = {}) {
  const config = await createConfig({});
  const result = await bundle({
    ref: DOCUMENT_PATH,
    config,
    dereference: options.dereference ?? false,
  });

  const problems = result.problems.filter((problem) => problem.severity === "error");
  if (problems.length > 0) {
    const messages = problems.map((problem) => problem.message).join("\n");
    throw new Error(`openapi/openapi.yaml does not bundle:\n${messages}`);
  }
  return result.bundle.parsed as OpenApiDocument;
}

/** Every operation of the document, in document order. */
export function listOperations(document: OpenApiDocument): OperationEntry[] {
  const operations: OperationEntry[] = [];

  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as Record<string, unknown> | undefined;
      if (!operation) continue;

      const operationId = operation.operationId;
      if (typeof operationId !== "string") {
        throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      }
      operations.push({ operationId, method, path, operation });
    }
  }
  return operations;
}
