/**
 * Emits one typed function per operation of the document, named by its operationId,
 * each a thin call through an openapi-fetch client whose types come from `paths`.
 */
import { Project, VariableDeclarationKind, type SourceFile } from "ts-morph";

import { listOperations, type OpenApiDocument, type OperationEntry } from "./document.js";
import { wrap } from "./wrap-comments.js";

type ParseAs = "blob" | "text";

interface MediaTypeObject {
  schema?: { type?: unknown; format?: unknown };
}

function successContent(operation: Record<string, unknown>) {
  const responses = (operation.responses ?? {}) as Record<string, unknown>;
  const content: Record<string, MediaTypeObject> = {};

  for (const [status, response] of Object.entries(responses)) {
    if (!/^2\d\d$/.test(status)) continue;
    Object.assign(content, (response as { content?: object }).content ?? {});
  }
  return content;
}

/**
 * openapi-fetch parses every body as JSON unless told otherwise. An operation whose
 * successes are all bytes is read as a Blob, all text as a string; one that can
 * answer either way (statistics as JSON or CSV) is left to the caller's `parseAs`.
 */
export function parseAsFor(operation: Record<string, unknown>): ParseAs | undefined {
  const media = Object.entries(successContent(operation));
  if (media.length === 0) return undefined;

  const isBinary = ([, value]: [string, MediaTypeObject]) =>
    value.schema?.format === "binary";
  const isText = ([type, value]: [string, MediaTypeObject]) =>
    type.startsWith("text/") && !isBinary([type, value]);

  if (media.every(isBinary)) return "blob";
  if (media.every(isText)) return "text";
  return undefined;
}

function answersInSeveralForms(operation: Record<string, unknown>) {
  const types = Object.keys(successContent(operation));
  return types.length > 1 && parseAsFor(operation) === undefined;
}

function hasMultipartBody(operation: Record<string, unknown>) {
  const body = operation.requestBody as { content?: object } | undefined;
  return Object.keys(body?.content ?? {}).includes("multipart/form-data");
}

function isInitRequired(entry: OperationEntry) {
  const parameters = (entry.operation.parameters ?? []) as { required?: boolean }[];
  const body = entry.operation.requestBody as { required?: boolean } | undefined;
  return (
    entry.path.includes("{") ||
    parameters.some((parameter) => parameter.required === true) ||
    body?.required === true
  );
}

function docFor(entry: OperationEntry): string {
  const summary = String(entry.operation.summary ?? entry.operationId);
  const description = entry.operation.description;
  const parts = [wrap(summary.endsWith(".") ? summary : `${summary}.`)];

  if (typeof description === "string") parts.push(wrap(description));
  parts.push([`\`${entry.method.toUpperCase()} ${entry.path}\``]);
  return parts.map((lines) => lines.join("\n")).join("\n\n");
}

function bodyFor(entry: OperationEntry): string {
  const method = entry.method.toUpperCase();
  const path = JSON.stringify(entry.path);
  const overrides: string[] = [];

  const parseAs = parseAsFor(entry.operation);
  if (parseAs) overrides.push(`parseAs: "${parseAs}" as const`);
  if (hasMultipartBody(entry.operation)) overrides.push("bodySerializer: serializeBody");

  const init = overrides.length > 0 ? `{ ...init, ${overrides.join(", ")} }` : "init";
  return `return http.${method}(${path}, ${init});`;
}

function addOperation(file: SourceFile, entry: OperationEntry) {
  const operationType = `paths[${JSON.stringify(entry.path)}]["${entry.method}"]`;
  const optionsType = `FetchOptions<${operationType}>`;

  const parameters = (optionsType: string) => [
    { name: "http", type: "Client<paths>" },
    { name: "init", type: optionsType, hasQuestionToken: !isInitRequired(entry) },
  ];

  // Where the caller chooses between JSON and text, an overload lets `parseAs:
  // "text"` narrow the result to a string. A generic options parameter would do it
  // too, but would turn off the compiler's check for unknown body fields.
  const overloads = answersInSeveralForms(entry.operation)
    ? [
        {
          docs: [docFor(entry)],
          parameters: parameters(`${optionsType} & { parseAs: "text" }`),
          returnType: `Promise<FetchResponse<${operationType}, { parseAs: "text" }, MediaType>>`,
        },
        {
          parameters: parameters(optionsType),
          returnType: `Promise<FetchResponse<${operationType}, {}, MediaType>>`,
        },
      ]
    : [];

  file.addFunction({
    isExported: true,
    name: entry.operationId,
    docs: overloads.length > 0 ? [] : [docFor(entry)],
    overloads,
    parameters: parameters(optionsType),
    statements: [bodyFor(entry)],
  });
}

function addOperationTable(file: SourceFile, operations: OperationEntry[]) {
  const rows = operations.map((entry) => {
    const parseAs = parseAsFor(entry.operation);
    const fields = [
      `method: "${entry.method}"`,
      `path: ${JSON.stringify(entry.path)}`,
      `parseAs: ${parseAs ? `"${parseAs}"` : `"json"`}`,
      `safeToRetry: ${entry.operation["x-safe-to-retry"] === true}`,
    ];
    return `${entry.operationId}: { ${fields.join(", ")} }`;
  });

  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [
      "Method, route and body handling of every operation, for code that needs to\n" +
        "know an operation's shape without calling it (retries, tests, logging).",
    ],
    declarations: [
      { name: "operations", initializer: `{\n${rows.join(",\n")}\n} as const` },
    ],
  });

  file.addTypeAlias({
    isExported: true,
    name: "OperationId",
    type: "keyof typeof operations",
  });
}

/** Renders `src/generated/operations.ts` (without its header line). */
export function renderOperations(document: OpenApiDocument): string {
  const operations = listOperations(document);
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile("operations.ts");

  file.addImportDeclaration({
    isTypeOnly: true,
    namedImports: ["Client", "FetchOptions", "FetchResponse"],
    moduleSpecifier: "openapi-fetch",
  });
  if (operations.some((entry) => hasMultipartBody(entry.operation))) {
    file.addImportDeclaration({
      namedImports: ["serializeBody"],
      moduleSpecifier: "../handwritten/serialize-body.js",
    });
  }
  file.addImportDeclaration({
    isTypeOnly: true,
    namedImports: ["paths"],
    moduleSpecifier: "./schema.js",
  });

  file.addTypeAlias({ name: "MediaType", type: "`${string}/${string}`" });
  for (const entry of operations) addOperation(file, entry);
  addOperationTable(file, operations);
  return file.getFullText();
}
