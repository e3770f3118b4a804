/**
 * The client that entity objects (`Experiment.get(...)` and the like) use when none
 * is passed. `Client.connect()` sets it unless told not to.
 */
import type { Client } from "./client.js";
import { NoDefaultClientError } from "./errors.js";

let current: Client | undefined;

/** Makes `client` the default; `undefined` unsets it. */
export function setDefaultClient(client: Client | undefined): void {
  current = client;
}

/** The default client; throws `NoDefaultClientError`, saying how to set one, if none is. */
export function getDefaultClient(): Client {
  if (!current) throw new NoDefaultClientError();
  return current;
}

export function isDefaultClient(client: Client): boolean {
  return current === client;
}
