/**
 * Starts the Prism mock server on the document, bound to 127.0.0.1 on a free port.
 * Used by the test suite's global setup and by `npm run demo`.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { loadDocument } from "../codegen/document.js";

const PRISM = fileURLToPath(new URL("../node_modules/.bin/prism", import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export interface RunningPrism {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * With `errors`, Prism answers a request or response that breaks the document with
 * an error instead of a warning, so an example that contradicts its own schema fails.
 */
export async function startPrism(
  options: { errors?: boolean } = {},
): Promise<RunningPrism> {
  // Prism gets the same bundled view as the generator and the tests, not its own
  // reading of the multi-file document.
  const folder = await mkdtemp(join(tmpdir(), "cellengine-prism-"));
  const document = join(folder, "openapi.json");
  await writeFile(document, JSON.stringify(await loadDocument()));

  const port = await freePort();
  const args = ["mock", "-h", "127.0.0.1", "-p", String(port), document];
  if (options.errors) args.push("--errors");

  // The binary itself, not `npx prism`: killing npx would orphan the real server.
  const child = spawn(PRISM, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      void rm(folder, { recursive: true, force: true });
      reject(
        new Error(`Prism did not start within ${STARTUP_TIMEOUT_MS} ms:\n${output}`),
      );
    }, STARTUP_TIMEOUT_MS);

    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      void rm(folder, { recursive: true, force: true });
      reject(new Error(`Prism exited with code ${code} before listening:\n${output}`));
    });
  });

  // Keep draining output so a chatty server never blocks on a full pipe.
  child.stdout.removeAllListeners("data").resume();
  child.stderr.removeAllListeners("data").resume();

  // A test run or demo stopped by a signal never reaches its teardown; without this
  // the server would outlive it, still holding its port and its temporary folder.
  const onSignal = (signal: NodeJS.Signals) => {
    child.kill();
    rmSync(folder, { recursive: true, force: true });
    forgetSignals();
    process.kill(process.pid, signal);
  };
  const forgetSignals = () => {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  };
  for (const signal of STOP_SIGNALS) process.once(signal, onSignal);

  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      forgetSignals();
      if (child.exitCode === null) {
        child.removeAllListeners("exit");
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
      await rm(folder, { recursive: true, force: true });
    },
  };
}
