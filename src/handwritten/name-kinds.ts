/**
 * The kinds of entity that can be found by name, and how: the field that holds the
 * name, whether the kind is soft-deleted, whether it lives inside an experiment, and
 * the generated operations that list it and get one by ID.
 */
import type { Client } from "openapi-fetch";

import {
  getCompensation,
  getExperiment,
  getFcsFile,
  getFolder,
  getPopulation,
  listAttachments,
  listCompensations,
  listExperiments,
  listFcsFiles,
  listFolders,
  listPopulations,
} from "../generated/operations.js";
import type { components, paths } from "../generated/schema.js";
import type { NamedKind } from "./name-cache.js";
import type { QueryExpression } from "./query-language.js";

type Schemas = components["schemas"];

export interface NamedEntities {
  experiments: Schemas["Experiment"];
  folders: Schemas["Folder"];
  fcsfiles: Schemas["FcsFile"];
  attachments: Schemas["Attachment"];
  compensations: Schemas["Compensation"];
  populations: Schemas["Population"];
}

export type Fetch = (request: Request) => Promise<Response>;

export interface ResolveOptions {
  /** The experiment that holds the entity; needed for all but experiments and folders. */
  experimentId?: string | undefined;
  /** Used for this call's requests instead of the client's own `fetch`. */
  fetch?: Fetch | undefined;
}

export interface ListQuery {
  query?: QueryExpression;
  limit?: number;
  fields?: string;
}

/** What every generated operation resolves to, seen loosely. */
export interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export interface Entity {
  _id: string;
  [field: string]: unknown;
}

export type GetOne = (
  http: Client<paths>,
  experimentId: string,
  id: string,
  fetch?: Fetch,
) => Promise<Answer>;

export interface KindSpec {
  field: "name" | "filename";
  softDeletable: boolean;
  topLevel: boolean;
  path(experimentId: string): string;
  list(
    http: Client<paths>,
    experimentId: string,
    query: ListQuery,
    fetch?: Fetch,
  ): Promise<Answer>;
  /** Absent for attachments, whose GET by ID returns the file, not its metadata. */
  get?: GetOne;
}

export const KINDS: Record<NamedKind, KindSpec> = {
  experiments: {
    field: "name",
    softDeletable: true,
    topLevel: true,
    path: () => "/api/v1/experiments",
    list: (http, _, query, fetch) => listExperiments(http, { params: { query }, fetch }),
    get: (http, _, experimentId, fetch) =>
      getExperiment(http, { params: { path: { experimentId } }, fetch }),
  },
  folders: {
    field: "name",
    softDeletable: true,
    topLevel: true,
    path: () => "/api/v1/folders",
    list: (http, _, query, fetch) => listFolders(http, { params: { query }, fetch }),
    get: (http, _, folderId, fetch) =>
      getFolder(http, { params: { path: { folderId } }, fetch }),
  },
  fcsfiles: {
    field: "filename",
    softDeletable: true,
    topLevel: false,
    path: (experimentId) => `/api/v1/experiments/${experimentId}/fcsfiles`,
    // The list leaves control files out by default; a name should find them too.
    list: (http, experimentId, query, fetch) =>
      listFcsFiles(http, {
        params: { path: { experimentId }, query: { ...query, includeControls: true } },
        fetch,
      }),
    get: (http, experimentId, fcsFileId, fetch) =>
      getFcsFile(http, { params: { path: { experimentId, fcsFileId } }, fetch }),
  },
  attachments: {
    field: "filename",
    softDeletable: false,
    topLevel: false,
    path: (experimentId) => `/api/v1/experiments/${experimentId}/attachments`,
    list: (http, experimentId, query, fetch) =>
      listAttachments(http, { params: { path: { experimentId }, query }, fetch }),
  },
  compensations: {
    field: "name",
    softDeletable: false,
    topLevel: false,
    path: (experimentId) => `/api/v1/experiments/${experimentId}/compensations`,
    list: (http, experimentId, query, fetch) =>
      listCompensations(http, { params: { path: { experimentId }, query }, fetch }),
    get: (http, experimentId, compensationId, fetch) =>
      getCompensation(http, {
        params: { path: { experimentId, compensationId } },
        fetch,
      }),
  },
  populations: {
    field: "name",
    softDeletable: false,
    topLevel: false,
    path: (experimentId) => `/api/v1/experiments/${experimentId}/populations`,
    list: (http, experimentId, query, fetch) =>
      listPopulations(http, { params: { path: { experimentId }, query }, fetch }),
    get: (http, experimentId, populationId, fetch) =>
      getPopulation(http, { params: { path: { experimentId, populationId } }, fetch }),
  },
};
