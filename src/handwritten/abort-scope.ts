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

const followers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `onAbort` when `parent` aborts; returns the function that stops that. */
function follow(parent: AbortSignal, onAbort: () => void): () => void {
  const members = followers.get(parent) ?? watch(parent);
  members.add(onAbort);
  return () => members.delete(onAbort);
}

/** The one listener a parent gets, calling whichever scopes follow it then. */
function watch(parent: AbortSignal): Set<() => void> {
  const members = new Set<() => void>();
  const notify = () => {
    for (const member of [...members]) member();
    members.clear();
  };

  parent.addEventListener("abort", notify, { once: true });
  followers.set(parent, members);
  return members;
}

export function createAbortScope(options: AbortScopeOptions): AbortScope {
  const controller = new AbortController();
  const parents = options.parents.filter((parent) => parent !== undefined);
  const { timeoutMs = Infinity } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const abortFrom = (parent: AbortSignal) => () => {
    if (!controller.signal.aborted) controller.abort(options.reasonFor(parent.reason));
  };
  const unfollow: (() => void)[] = [];

  for (const parent of parents) {
    if (parent.aborted) abortFrom(parent)();
    else unfollow.push(follow(parent, abortFrom(parent)));
  }

  const stopTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const startTimer = () => {
    stopTimer();
    if (controller.signal.aborted || !(timeoutMs <= MAX_TIMER_MS)) return;

    timer = setTimeout(() => controller.abort(options.timeoutReason?.()), timeoutMs);
    // Like AbortSignal.timeout: a pending countdown alone keeps no process alive.
    (timer as { unref?: () => void }).unref?.();
  };

  return {
    signal: controller.signal,
    startTimer,
    stopTimer,
    dispose() {
      stopTimer();
      for (const stop of unfollow) stop();
    },
  };
}
