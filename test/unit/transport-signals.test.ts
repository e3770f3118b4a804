/**
 * The signal plumbing under the transport: scopes that follow the caller's signals
 * and run a countdown, and a caller signal shared across many calls.
 */
import { afterEach, describe, expect, it } from "vitest";

import { createAbortScope } from "../../src/handwritten/abort-scope.js";
import { AbortError } from "../../src/handwritten/errors.js";
import { createLogger } from "../../src/handwritten/logger.js";
import { sleep } from "../../src/handwritten/sleep.js";
import { createTransport } from "../../src/handwritten/transport.js";

const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);

afterEach(() => {
  process.off("warning", onWarning);
  warnings.length = 0;
});

describe("abort scopes", () => {
  it("abort with the reason built from the parent's reason", () => {
    const parent = new AbortController();
    const scope = createAbortScope({
      parents: [parent.signal, undefined],
      reasonFor: (reason) => `wrapped ${String(reason)}`,
    });

    parent.abort("stop");

    expect(scope.signal.aborted).toBe(true);
    expect(scope.signal.reason).toBe("wrapped stop");
  });

  it("start aborted when a parent already is", () => {
    const scope = createAbortScope({
      parents: [AbortSignal.abort("early")],
      reasonFor: (reason) => reason,
    });

    expect(scope.signal.reason).toBe("early");
  });

  it("stop following their parents once disposed", () => {
    const parent = new AbortController();
    const scope = createAbortScope({ parents: [parent.signal], reasonFor: (r) => r });

    scope.dispose();
    parent.abort();

    expect(scope.signal.aborted).toBe(false);
  });

  it("abort with the timeout reason when the countdown ends, and restart it", async () => {
    const scope = createAbortScope({
      parents: [],
      reasonFor: (reason) => reason,
      timeoutMs: 40,
      timeoutReason: () => "too slow",
    });

    scope.startTimer();
    await sleep(25);
    scope.startTimer();
    await sleep(25);
    expect(scope.signal.aborted).toBe(false);

    await sleep(40);
    expect(scope.signal.reason).toBe("too slow");
  });

  it("run no countdown while stopped, or for an infinite timeout", async () => {
    const stopped = createAbortScope({
      parents: [],
      reasonFor: (reason) => reason,
      timeoutMs: 10,
    });
    const endless = createAbortScope({
      parents: [],
      reasonFor: (reason) => reason,
      timeoutMs: Infinity,
    });

    stopped.startTimer();
    stopped.stopTimer();
    endless.startTimer();
    await sleep(30);

    expect([stopped.signal.aborted, endless.signal.aborted]).toEqual([false, false]);
  });
});

describe("a caller signal shared by many calls", () => {
  it("cancels every call waiting on it, with no listener-leak warning", async () => {
    process.on("warning", onWarning);
    const controller = new AbortController();
    let sent = 0;
    const transport = createTransport({
      fetch: (async (_input: RequestInfo | URL, init?: RequestInit) => {
        sent++;
        await sleep(10_000, init?.signal ?? undefined);
        return new Response("{}");
      }) as typeof fetch,
      getToken: () => undefined,
      maxRetries: 2,
      timeoutMs: 60_000,
      maxRequestsPerSecond: 1_000,
      concurrency: 4,
      logger: createLogger("off"),
      isSafeToRetry: () => false,
    });
    const call = transport.withControls({ signal: controller.signal });

    const calls = Array.from({ length: 50 }, () =>
      call(new Request("https://cellengine.test/api/v1/experiments")).catch(
        (error: unknown) => error,
      ),
    );
    await sleep(20);
    controller.abort();
    const results = await Promise.all(calls);

    expect(results.every((result) => result instanceof AbortError)).toBe(true);
    expect(sent).toBe(4);
    // Warnings are emitted on the next tick.
    await sleep(5);
    expect(warnings.map((warning) => warning.name)).toEqual([]);
  });
});
