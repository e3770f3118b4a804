/**
 * `npm run bench`: what the client's transport (auth, rate limiter, retries,
 * timeouts, logging, typed errors) costs per request compared with bare `fetch`,
 * measured side by side in one run against a local server; and how many requests a
 * by-name lookup makes. Prints figures; asserts nothing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { getExperiment } from "../src/generated/operations.js";
import { Client } from "../src/handwritten/client.js";

const REQUESTS = 2_000;
const ROUNDS = 4;
const EXPERIMENT_ID = "65a1f0c2e4b0a1b2c3d4e5f6";
const EXPERIMENT = { _id: EXPERIMENT_ID, name: "PBMC T-cell panel 2024", deleted: null };

let received = 0;

function answer(request: IncomingMessage, response: ServerResponse) {
  received += 1;
  const url = new URL(request.url ?? "/", "http://localhost");
  const body = url.pathname.endsWith("/experiments") ? [EXPERIMENT] : EXPERIMENT;

  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function time(run: () => Promise<unknown>, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i += 1) await run();
  return performance.now() - start;
}

async function main() {
  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The rate ceiling is lifted so the figure is the client's own cost, not the
  // deliberate pacing to 100 requests per second that real use keeps.
  const client = new Client({
    baseUrl,
    token: "bench-token",
    maxRequestsPerSecond: Infinity,
    env: {},
  });
  const url = `${baseUrl}/api/v1/experiments/${EXPERIMENT_ID}`;

  const bare = async () => {
    const response = await fetch(url, {
      headers: { Authorization: "Bearer bench-token" },
    });
    return response.json();
  };
  const viaClient = () =>
    getExperiment(client.http, { params: { path: { experimentId: EXPERIMENT_ID } } });

  await time(bare, 200);
  await time(viaClient, 200);

  // Alternating rounds keep drift in the machine's load from favouring either side.
  let bareMs = 0;
  let clientMs = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    bareMs += await time(bare, REQUESTS / ROUNDS);
    clientMs += await time(viaClient, REQUESTS / ROUNDS);
  }

  const perRequest = (ms: number) => `${((ms / REQUESTS) * 1000).toFixed(0)} µs/request`;
  console.log(`${REQUESTS} sequential GETs against ${baseUrl}`);
  console.log(`  bare fetch: ${bareMs.toFixed(0)} ms (${perRequest(bareMs)})`);
  console.log(`  Client:     ${clientMs.toFixed(0)} ms (${perRequest(clientMs)})`);
  console.log(
    `  ratio Client / bare fetch: ${(clientMs / bareMs).toFixed(3)} (target ≤ 1.15)`,
  );

  const count = async (run: () => Promise<unknown>) => {
    const before = received;
    await run();
    return received - before;
  };
  const find = await count(() => client.findByName("experiments", EXPERIMENT.name));
  client.cacheClear();
  const firstId = await count(() => client.resolveId("experiments", EXPERIMENT.name));
  const cachedId = await count(() => client.resolveId("experiments", EXPERIMENT.name));

  console.log("Requests per by-name lookup (target: 1, and 0 on a cache hit)");
  console.log(`  findByName("experiments", name): ${find}`);
  console.log(`  resolveId, first time:           ${firstId}`);
  console.log(`  resolveId, cached:               ${cachedId}`);

  server.close();
}

await main();
