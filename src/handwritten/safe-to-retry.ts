/**
 * Which requests may be sent again after a failure that may have reached the
 * server. Reads and deletes are repeatable by HTTP's definition; a POST is only when
 * the document marks its operation `x-safe-to-retry` (it computes, changes nothing).
 */
import { operations } from "../generated/operations.js";

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "DELETE"]);

function routePattern(path: string): RegExp {
  const pattern = path
    .split(/\{\w+\}/)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  // Anchored at the end only: a deployment may serve the API below a path prefix.
  return new RegExp(`${pattern}$`);
}

const SAFE_OPERATIONS = Object.values(operations)
  .filter((operation) => operation.safeToRetry)
  .map((operation) => ({
    method: operation.method.toUpperCase(),
    pattern: routePattern(operation.path),
  }));

/** Whether a request may be retried; `pathname` is the URL's path, no query. */
export function isSafeToRetry(method: string, pathname: string): boolean {
  const verb = method.toUpperCase();
  if (IDEMPOTENT_METHODS.has(verb)) return true;

  return SAFE_OPERATIONS.some(
    (operation) => operation.method === verb && operation.pattern.test(pathname),
  );
}
