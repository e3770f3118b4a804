export * from "./generated/operations.js";
export type {
  components,
  operations as operationTypes,
  paths,
} from "./generated/schema.js";
export { serializeBody } from "./handwritten/serialize-body.js";
