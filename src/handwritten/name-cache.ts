/**
 * Remembers which ID a name resolved to, per kind and experiment, so repeated
 * lookups cost no request. Names can change on the server at any time; whoever
 * deletes or renames an entity through this client calls `forgetId`, and anything
 * else is the caller's to `clear`. The oldest entries go first past `maxEntries`.
 */

/** The kinds of entity that can be looked up by name. */
export type NamedKind =
  | "experiments"
  | "folders"
  | "fcsfiles"
  | "attachments"
  | "compensations"
  | "populations";

export interface NameCacheInfo {
  hits: number;
  misses: number;
  size: number;
}

interface Entry {
  kind: NamedKind;
  experimentId: string | undefined;
  id: string;
}

const DEFAULT_MAX_ENTRIES = 10_000;

function keyOf(kind: NamedKind, experimentId: string | undefined, name: string) {
  // JSON keeps the three parts apart whatever characters the name holds.
  return JSON.stringify([kind, experimentId ?? null, name]);
}

export class NameCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  #hits = 0;
  #misses = 0;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  }

  /** The cached ID, counting a hit or a miss. */
  get(
    kind: NamedKind,
    experimentId: string | undefined,
    name: string,
  ): string | undefined {
    const key = keyOf(kind, experimentId, name);
    const entry = this.#entries.get(key);
    if (!entry) {
      this.#misses += 1;
      return undefined;
    }

    // Re-inserting moves the entry to the back, so eviction drops the least used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#hits += 1;
    return entry.id;
  }

  set(kind: NamedKind, experimentId: string | undefined, name: string, id: string): void {
    const key = keyOf(kind, experimentId, name);
    this.#entries.delete(key);
    this.#entries.set(key, { kind, experimentId, id });

    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** Drops every name that points at this ID: after a delete or a rename. */
  forgetId(kind: NamedKind, experimentId: string | undefined, id: string): void {
    for (const [key, entry] of this.#entries) {
      if (entry.kind === kind && entry.experimentId === experimentId && entry.id === id) {
        this.#entries.delete(key);
      }
    }
  }

  forgetName(kind: NamedKind, experimentId: string | undefined, name: string): void {
    this.#entries.delete(keyOf(kind, experimentId, name));
  }

  info(): NameCacheInfo {
    return { hits: this.#hits, misses: this.#misses, size: this.#entries.size };
  }

  /** Empties the cache and starts the counts again. */
  clear(): void {
    this.#entries.clear();
    this.#hits = 0;
    this.#misses = 0;
  }
}
