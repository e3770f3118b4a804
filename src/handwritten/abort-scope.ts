/**
 * One AbortSignal per attempt (and per pause between attempts), so that every wait
 * (queue, fetch, body read, retry pause) stops for the same reasons and says why.
 *
 * A scope follows its parent signals and can run a countdown. It aborts with a
 * reason built by the caller (our own `AbortError` or `TimeoutError`), which fetch
 * and the body stream then reject with as they are.
 *
 * A caller may share one signal across thousands of calls. Each parent therefore
 * gets a single listener that fans out to the scopes following it: one listener per
 * scope would trip Node's "possible EventTarget memory leak" warning past ten, and
 * `dispose()` drops a scope from the fan-out at once rather than at garbage
 * collection, as `AbortSignal.any` would.
 */

export interface AbortScopeOptions {
  parents: readonly (AbortSignal | undefined)[];
  /** The reason this scope aborts with when a parent aborts with `parentReason`. */
  reasonFor(parentReason: unknown): unknown;
  /** The countdown length; Infinity (or above the timer maximum) means none. */
  timeoutMs?: number;
  /** The reason this scope aborts with when the countdown ends. */
  timeoutReason?(): unknown;
}

export interface AbortScope {
  readonly signal: AbortSignal;
  /** Starts the countdown again from its full length. */
  startTimer(): void;
  stopTimer(): void;
  /** Stops the countdown and detaches from the parents; the signal stays as it is. */
  dispose(): void;
}

// setTimeout fires at once for delays past a signed 32-bit number of milliseconds.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Something told when a parent signal it follows aborts. */
interface Follower {
  parentAborted(parent: AbortSignal): void;
}

const followers = new WeakMap<AbortSignal, Set<Follower>>();

/** The one listener a parent gets, calling whichever scopes follow it then. */
function watch(parent: AbortSignal): Set<Follower> {
  const members = new Set<Follower>();
  const notify = () => {
    for (const member of [...members]) member.parentAborted(parent);
    members.clear();
  };

  parent.addEventListener("abort", notify, { once: true });
  followers.set(parent, members);
  return members;
}

export function createAbortScope(options: AbortScopeOptions): AbortScope {
  return new Scope(options);
}

/**
 * A class rather than closures: every attempt makes one, and shared methods cost
 * nothing per attempt where a set of closures would be allocated each time.
 */
class Scope implements AbortScope, Follower {
  readonly #controller = new AbortController();
  readonly signal = this.#controller.signal;
  readonly #options: AbortScopeOptions;
  readonly #followed: Set<Follower>[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: AbortScopeOptions) {
    this.#options = options;
    for (const parent of options.parents) {
      if (parent === undefined) continue;
      if (parent.aborted) {
        this.parentAborted(parent);
        continue;
      }
      const members = followers.get(parent) ?? watch(parent);
      members.add(this);
      this.#followed.push(members);
    }
  }

  parentAborted(parent: AbortSignal): void {
    if (!this.signal.aborted)
      this.#controller.abort(this.#options.reasonFor(parent.reason));
  }

  startTimer(): void {
    this.stopTimer();
    const { timeoutMs = Infinity } = this.#options;
    if (this.signal.aborted || !(timeoutMs <= MAX_TIMER_MS)) return;

    this.#timer = setTimeout(() => this.#timedOut(), timeoutMs);
    // Like AbortSignal.timeout: a pending countdown alone keeps no process alive.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  stopTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  dispose(): void {
    this.stopTimer();
    for (const members of this.#followed) members.delete(this);
    this.#followed.length = 0;
  }

  #timedOut(): void {
    this.#timer = undefined;
    this.#controller.abort(this.#options.timeoutReason?.());
  }
}
