/**
 * Keeps the name→ID cache honest about changes made through this client: after a
 * successful DELETE or PATCH of a named entity, its cached name is dropped, since
 * it may now name nothing or something else. Done as openapi-fetch middleware so it
 * holds for the generated functions and `client.http` alike.
 */
import type { Middleware } from "openapi-fetch";

import type { NamedKind } from "./name-cache.js";
import type { NameResolver } from "./name-resolution.js";

const ID = "([0-9a-fA-F]{24})";

const ROUTES: { kind: NamedKind; pattern: RegExp }[] = [
  { kind: "experiments", pattern: new RegExp(`/api/v1/experiments/${ID}$`) },
  { kind: "folders", pattern: new RegExp(`/api/v1/folders/${ID}$`) },
  ...(["fcsfiles", "attachments", "compensations", "populations"] as const).map(
    (kind) => ({
      kind,
      pattern: new RegExp(`/api/v1/experiments/${ID}/${kind}/${ID}$`),
    }),
  ),
];

export function forgetChangedNames(names: NameResolver): Middleware {
  return {
    onResponse({ request, response }) {
      if (!response.ok || (request.method !== "DELETE" && request.method !== "PATCH"))
        return;

      const { pathname } = new URL(request.url);
      for (const { kind, pattern } of ROUTES) {
        const match = pattern.exec(pathname);
        if (!match) continue;

        const [, first = "", second] = match;
        if (second === undefined) names.forgetId(kind, first);
        else names.forgetId(kind, second, first);
      }
    },
  };
}
