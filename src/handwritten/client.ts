/**
 * `Client`: one signed-in connection to a CellEngine server. Every request goes
 * through its transport (auth header, rate limit, timeouts, retries, logging, typed
 * errors), whether made by a method here or directly through `client.http`.
 */
import createFetchClient, { type Client as FetchClient } from "openapi-fetch";

import { signOut } from "../generated/operations.js";
import type { paths } from "../generated/schema.js";
import {
  processEnv,
  resolveClientOptions,
  type ClientOptions,
  type ResolvedClientOptions,
} from "./client-options.js";
import { isDefaultClient, setDefaultClient } from "./default-client.js";
import { ConfigurationError, NotFoundError } from "./errors.js";
import { NameResolver, type NamedEntities, type NamedKind } from "./name-resolution.js";
import { forgetChangedNames } from "./name-invalidation.js";
import { holdSecret } from "./redact.js";
import { isSafeToRetry } from "./safe-to-retry.js";
import { signInWithPassword, type OtpSource } from "./sign-in.js";
import { createTransport, type CallControls, type Transport } from "./transport.js";

export type { CallControls } from "./transport.js";

export interface ConnectOptions extends ClientOptions {
  /** Username or e-mail; default `CELLENGINE_USERNAME`. */
  username?: string;
  /** Default `CELLENGINE_PASSWORD`. Used for sign-in only, then dropped. */
  password?: string;
  /** The one-time code, or a function asked for it when the server wants one. */
  otp?: OtpSource;
  /** Make this the default client of the entity layer; default true. */
  setDefault?: boolean;
}

export interface LookupOptions extends CallControls {
  /** The experiment to look in; needed for every kind but experiments and folders. */
  experimentId?: string;
}

export class Client {
  readonly #http: FetchClient<paths>;
  readonly #baseUrl: string;
  #token: string | undefined;
  #releaseToken: () => void = () => {};
  #username: string | undefined;
  #userId: string | undefined;
  #admin: boolean | undefined;
  #flags: Readonly<Record<string, unknown>> | undefined;
  readonly #transport: Transport;
  readonly #names: NameResolver;

  constructor(options: ClientOptions = {}) {
    const resolved: ResolvedClientOptions = resolveClientOptions(options);

    this.#baseUrl = resolved.baseUrl;
    this.#setToken(resolved.token);
    this.#transport = createTransport({
      ...resolved,
      getToken: () => this.#token,
      isSafeToRetry: (method, url) => isSafeToRetry(method, url.pathname),
    });
    this.#http = createFetchClient<paths>({
      baseUrl: resolved.baseUrl,
      fetch: this.#transport.fetch,
    });
    this.#names = new NameResolver(this.#http);
    this.#http.use(forgetChangedNames(this.#names));
  }

  /** The typed openapi-fetch client, for any endpoint of the API. */
  get http(): FetchClient<paths> {
    return this.#http;
  }

  /** The server's address: scheme and host, no trailing slash. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** Keeps the token, and has every error and log line mask it. */
  #setToken(token: string | undefined) {
    this.#releaseToken();
    this.#token = token;
    this.#releaseToken = holdSecret(token);
  }

  /**
   * A signed-in client: with a token (option or `CELLENGINE_AUTH_TOKEN`) as it is,
   * else by password sign-in (options or `CELLENGINE_USERNAME`/`CELLENGINE_PASSWORD`).
   * Explicit options win over the environment.
   */
  static async connect(options: ConnectOptions = {}): Promise<Client> {
    const { username, password, otp, setDefault = true, ...clientOptions } = options;
    const env = options.env ?? processEnv();

    // An explicit username or password means password sign-in, even when the
    // environment also holds a token.
    const explicitPassword = username !== undefined || password !== undefined;
    const clientEnv = explicitPassword
      ? { ...env, CELLENGINE_AUTH_TOKEN: undefined }
      : env;
    const client = new Client({ ...clientOptions, env: clientEnv });

    if (!client.authenticated) {
      const user = username ?? env.CELLENGINE_USERNAME;
      const secret = password ?? env.CELLENGINE_PASSWORD;
      if (!user || !secret) {
        throw new ConfigurationError(
          "No credentials: pass `token` (or set CELLENGINE_AUTH_TOKEN), or `username` " +
            "and `password` (or set CELLENGINE_USERNAME and CELLENGINE_PASSWORD)",
        );
      }
      await client.#signIn(user, secret, otp);
    }

    if (setDefault) setDefaultClient(client);
    return client;
  }

  async #signIn(username: string, password: string, otp: OtpSource | undefined) {
    // The password is masked in anything shown while it is in use, then dropped.
    const releasePassword = holdSecret(password);
    try {
      const session = await signInWithPassword(this.http, { username, password, otp });
      this.#setToken(session.token);
      this.#username = username;
      this.#userId = session.userId;
      this.#admin = session.admin;
      this.#flags = Object.freeze({ ...session.flags });
    } finally {
      releasePassword();
    }
  }

  /** The username signed in with; `undefined` for token authentication. */
  get username(): string | undefined {
    return this.#username;
  }

  /** The signed-in user's ID; `undefined` for token authentication. */
  get userId(): string | undefined {
    return this.#userId;
  }

  get admin(): boolean | undefined {
    return this.#admin;
  }

  get flags(): Readonly<Record<string, unknown>> | undefined {
    return this.#flags;
  }

  /** Whether the client holds a token (it may still have expired server-side). */
  get authenticated(): boolean {
    return this.#token !== undefined;
  }

  /**
   * Revokes the token on the server and forgets it here, and stops being the
   * default client. The local state is cleared even when the server refuses (an
   * expired token cannot be revoked, but must not be kept either).
   */
  async signOut(controls: CallControls = {}): Promise<void> {
    if (!this.#token) return;

    try {
      await signOut(this.http, { ...this.requestOptions(controls) });
    } finally {
      this.#setToken(undefined);
      this.#username = undefined;
      this.#userId = undefined;
      this.#admin = undefined;
      this.#flags = undefined;
      this.#names.cache.clear();
      if (isDefaultClient(this)) setDefaultClient(undefined);
    }
  }

  /**
   * Per-call controls for a request made through `client.http`:
   * `client.http.GET(path, { params, ...client.requestOptions({ timeoutMs: 5000 }) })`.
   */
  requestOptions(controls: CallControls): {
    fetch: (request: Request) => Promise<Response>;
  } {
    return { fetch: this.#transport.withControls(controls) };
  }

  /**
   * The entity of that kind with that name (filename for FCS files and attachments):
   * one list request normally; see the README for names that need more.
   */
  findByName<K extends NamedKind>(
    kind: K,
    name: string,
    options: LookupOptions = {},
  ): Promise<NamedEntities[K]> {
    const { experimentId, ...controls } = options;
    return this.#names.find(kind, name, {
      experimentId,
      ...this.requestOptions(controls),
    });
  }

  /** The ID of the entity with that name: from the cache when known, else one request. */
  resolveId(kind: NamedKind, name: string, options: LookupOptions = {}): Promise<string> {
    const { experimentId, ...controls } = options;
    return this.#names.resolveId(kind, name, {
      experimentId,
      ...this.requestOptions(controls),
    });
  }

  /**
   * Runs `use` with the ID of the named entity. A cached ID may be stale (the entity
   * was deleted or renamed elsewhere): if `use` then fails with `NotFoundError`, the
   * name is looked up afresh once and `use` runs again with the new ID.
   */
  async withResolvedId<T>(
    kind: NamedKind,
    name: string,
    options: LookupOptions,
    use: (id: string) => Promise<T>,
  ): Promise<T> {
    const id = await this.resolveId(kind, name, options);
    try {
      return await use(id);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;

      this.forgetId(kind, id, options.experimentId);
      const fresh = await this.resolveId(kind, name, options);
      if (fresh === id) throw error;
      return use(fresh);
    }
  }

  /** Drops a cached name→ID entry, after a delete or rename through this client. */
  forgetId(kind: NamedKind, id: string, experimentId?: string): void {
    this.#names.forgetId(kind, id, experimentId);
  }

  /** Counts of the name→ID cache. */
  cacheInfo(): { hits: number; misses: number; size: number } {
    return this.#names.cache.info();
  }

  cacheClear(): void {
    this.#names.cache.clear();
  }

  /** What `JSON.stringify` and loggers see: never the token. */
  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.baseUrl,
      username: this.username,
      authenticated: this.authenticated,
    };
  }
}
