/**
 * The document must describe every endpoint on record, and every operation it
 * describes must be exercised by a contract test against the mock server.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { beforeAll, describe, expect, it } from "vitest";

import {
  listOperations,
  loadDocument,
  type OperationEntry,
} from "../../codegen/document.js";
import { missingShared, sharedPath } from "../support/shared.js";

const CONTRACT_DIR = fileURLToPath(new URL(".", import.meta.url));
const INVENTORY = "api/inventory.md";

type Json = Record<string, unknown>;

let operations: OperationEntry[];

beforeAll(async () => {
  // Dereferenced, so shared parameters and responses are checked where they are used.
  operations = listOperations(await loadDocument({ dereference: true }));
});

function contractSources(): string {
  return (
    readdirSync(CONTRACT_DIR)
      .filter((name) => name.endsWith(".test.ts") && name !== "coverage.test.ts")
      .map((name) => readFileSync(`${CONTRACT_DIR}${name}`, "utf8"))
      .join("\n")
      // A name in a comment is not a test.
      .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")
  );
}

describe("contract coverage", () => {
  it("calls every operation's generated function in some contract test", () => {
    const sources = contractSources();
    const untested = operations
      .map((entry) => entry.operationId)
      .filter((id) => !new RegExp(`\\b${id}\\(`).test(sources));

    expect(
      untested,
      `operations without a contract test: ${untested.join(", ")}`,
    ).toEqual([]);
  });

  it("gives every operation examples for its parameters, bodies and successes", () => {
    const missing: string[] = [];

    for (const { operationId, operation } of operations) {
      const parameters = (operation.parameters ?? []) as Json[];
      for (const parameter of parameters) {
        if (!("example" in parameter))
          missing.push(`${operationId} ${String(parameter.name)}`);
      }

      const body = (operation.requestBody as Json | undefined)?.content as
        Json | undefined;
      for (const [type, media] of Object.entries(body ?? {})) {
        if (!("example" in (media as Json))) missing.push(`${operationId} body ${type}`);
      }

      for (const [status, response] of Object.entries(operation.responses as Json)) {
        if (!status.startsWith("2")) continue;
        const content = (response as Json).content as Json | undefined;
        for (const [type, media] of Object.entries(content ?? {})) {
          if (!("example" in (media as Json)))
            missing.push(`${operationId} ${status} ${type}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("gives every operation a unique camelCase operationId and a tag", () => {
    const ids = operations.map((entry) => entry.operationId);

    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of operations) {
      expect(entry.operationId).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(entry.operation.tags, entry.operationId).toHaveLength(1);
    }
  });
});

const inventorySkip = missingShared(INVENTORY);

/**
 * Endpoint headings in the inventory read `### E12 \`POST /api/v1/folders\``, some
 * abbreviated with `…` for the experiment prefix. Its one templated download route,
 * `{fcsFileId}.{format}`, is written in the document as one literal path per format.
 */
function inventoryEndpoints(): string[] {
  const text = readFileSync(sharedPath(INVENTORY), "utf8");
  const headings = [
    ...text.matchAll(/^### E\d+ `(GET|POST|PATCH|DELETE|PUT) ([^`?]+)/gm),
  ];

  return headings.map(([, method, path]) => {
    const full = (path ?? "").replace(/^…/, "/api/v1/experiments/{experimentId}");
    return `${method} ${full.trim()}`;
  });
}

function documentEndpoint(entry: OperationEntry): string {
  const path = entry.path.replace(/\{fcsFileId\}\.(fcs|tsv)$/, "{fcsFileId}.{format}");
  return `${entry.method.toUpperCase()} ${path}`;
}

describe.skipIf(inventorySkip)(`inventory coverage ${inventorySkip ?? ""}`, () => {
  it("describes all 51 endpoints of the inventory", () => {
    const expected = inventoryEndpoints();
    const described = new Set(operations.map(documentEndpoint));

    expect(expected).toHaveLength(51);
    expect(expected.filter((endpoint) => !described.has(endpoint))).toEqual([]);
  });
});
