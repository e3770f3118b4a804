export { Client } from "./handwritten/client.js";
export type {
  CallControls,
  ConnectOptions,
  LookupOptions,
} from "./handwritten/client.js";
export type { ClientOptions } from "./handwritten/client-options.js";
export { getDefaultClient, setDefaultClient } from "./handwritten/default-client.js";
export * from "./handwritten/errors.js";
export type { LogLevel, Logger } from "./handwritten/logger.js";
export type { NamedEntities, NamedKind } from "./handwritten/name-resolution.js";
export type { OtpSource } from "./handwritten/sign-in.js";

export * from "./generated/operations.js";
export type {
  components,
  operations as operationTypes,
  paths,
} from "./generated/schema.js";
export { serializeBody } from "./handwritten/serialize-body.js";

export { createIdGenerator, generateId, isObjectId } from "./handwritten/object-id.js";
export * as populationGates from "./handwritten/population-gates.js";
export {
  compensationFromSpillString,
  formatSpillString,
  parseSpillString,
} from "./handwritten/spill-string.js";
export {
  ellipseGate,
  polygonGate,
  quadrantGate,
  rangeGate,
  rectangleGate,
  splitGate,
} from "./handwritten/gate-bodies.js";
