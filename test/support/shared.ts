/**
 * The reference material kept beside the project (`../shared`). It is read in place
 * and never copied; tests that need it skip, saying why, where it is absent.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const SHARED_DIR = fileURLToPath(new URL("../../../shared/", import.meta.url));

export function sharedPath(relative: string): string {
  return `${SHARED_DIR}${relative}`;
}

/**
 * `undefined` when the file exists, else the reason a test depending on it skips,
 * which is also printed: a skipped title alone is easy to miss in a test report.
 */
export function missingShared(relative: string): string | undefined {
  if (existsSync(sharedPath(relative))) return undefined;

  const reason = `skipped: ${relative} is not in ${SHARED_DIR} (the reference folder beside the project)`;
  console.warn(reason);
  return reason;
}
