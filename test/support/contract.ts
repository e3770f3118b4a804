/**
 * What contract tests share: a client pointed at the Prism mock server, and the
 * document's own examples to compare its answers with.
 */
import createClient, { type Client } from "openapi-fetch";
import { expect, inject } from "vitest";

import {
  listOperations,
  loadDocument,
  type OpenApiDocument,
  type OperationEntry,
} from "../../codegen/document.js";
import type { paths } from "../../src/generated/schema.js";

export const CONTRACT_TOKEN = "contract-test-token";

type Json = Record<string, unknown>;

/** A client for the mock server, signed in with a Bearer token as a user would be. */
export function contractClient(): Client<paths> {
  return createClient<paths>({
    baseUrl: inject("prismUrl"),
    headers: { Authorization: `Bearer ${CONTRACT_TOKEN}` },
  });
}

/** A client for the mock server that sends no credentials at all. */
export function anonymousClient(): Client<paths> {
  return createClient<paths>({ baseUrl: inject("prismUrl") });
}

let dereferenced: Promise<OpenApiDocument> | undefined;

export function documentWithoutRefs(): Promise<OpenApiDocument> {
  dereferenced ??= loadDocument({ dereference: true });
  return dereferenced;
}

export async function operationOf(operationId: string): Promise<OperationEntry> {
  const operations = listOperations(await documentWithoutRefs());
  const entry = operations.find((candidate) => candidate.operationId === operationId);
  if (!entry) throw new Error(`The document has no operation "${operationId}"`);
  return entry;
}

function firstSuccessStatus(entry: OperationEntry): string {
  const statuses = Object.keys((entry.operation.responses ?? {}) as Json);
  const status = statuses.find((candidate) => /^2\d\d$/.test(candidate));
  if (!status) throw new Error(`${entry.operationId} declares no success response`);
  return status;
}

function exampleIn(
  content: Json | undefined,
  mediaType: string | undefined,
  where: string,
) {
  const type = mediaType ?? Object.keys(content ?? {})[0];
  const media = type ? (content?.[type] as Json | undefined) : undefined;
  if (!media || !("example" in media))
    throw new Error(`No example for ${where} (${type})`);
  return media.example;
}

/** The example of a response: by default the first success, first media type. */
export async function responseExample(
  operationId: string,
  options: { status?: number; mediaType?: string } = {},
): Promise<unknown> {
  const entry = await operationOf(operationId);
  const status = options.status ? String(options.status) : firstSuccessStatus(entry);
  const response = (entry.operation.responses as Json)[status] as Json | undefined;
  if (!response) throw new Error(`${operationId} declares no ${status} response`);

  return exampleIn(
    response.content as Json | undefined,
    options.mediaType,
    `${operationId} ${status}`,
  );
}

/** The example of the request body, by default its JSON form. */
export async function requestExample(
  operationId: string,
  mediaType = "application/json",
): Promise<unknown> {
  const entry = await operationOf(operationId);
  const body = entry.operation.requestBody as Json | undefined;
  return exampleIn(body?.content as Json | undefined, mediaType, `${operationId} body`);
}

/** The example of one parameter of an operation (path-level parameters included). */
export async function parameterExample(
  operationId: string,
  name: string,
): Promise<unknown> {
  const entry = await operationOf(operationId);
  const document = await documentWithoutRefs();
  const pathLevel = (document.paths[entry.path]?.parameters ?? []) as Json[];
  const parameters = [...pathLevel, ...((entry.operation.parameters ?? []) as Json[])];

  const parameter = parameters.find((candidate) => candidate.name === name);
  if (!parameter) throw new Error(`${operationId} has no parameter "${name}"`);
  if (!("example" in parameter))
    throw new Error(`${operationId} "${name}" has no example`);
  return parameter.example;
}

/** The examples of every path parameter of an operation, keyed by name. */
export async function pathExamples(operationId: string): Promise<Record<string, string>> {
  const entry = await operationOf(operationId);
  const names = [...entry.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "");
  const values: Record<string, string> = {};

  for (const name of names)
    values[name] = String(await parameterExample(operationId, name));
  return values;
}

/**
 * Asserts Prism refused a request that breaks the document: it answers with the
 * operation's declared 400 example and names the broken rule in `sl-violations`,
 * which it returns for further checks.
 */
export async function expectRefused(
  operationId: string,
  response: Response,
  error: unknown,
): Promise<string> {
  expect(response.status).toBe(400);
  expect(error).toEqual(await responseExample(operationId, { status: 400 }));
  return response.headers.get("sl-violations") ?? "";
}

/** Asserts a 400 whose `sl-violations` names `field` (Prism lowercases names). */
export function expectViolation(response: Response, field: string): void {
  expect(response.status).toBe(400);
  const violations = response.headers.get("sl-violations") ?? "";
  expect(violations.toLowerCase()).toContain(field.toLowerCase());
}
