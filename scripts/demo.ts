/**
 * `npm run demo`: starts the Prism mock server on the document (127.0.0.1, a free
 * port), calls a few operations through the generated functions, prints what came
 * back, and stops the server. No CellEngine account is needed: the answers are the
 * document's own examples.
 */
import createClient from "openapi-fetch";

import {
  getBulkStatistics,
  getExperiment,
  getPlot,
  listExperiments,
  listFcsFiles,
  listPopulations,
} from "../src/generated/operations.js";
import type { paths } from "../src/generated/schema.js";
import { startPrism } from "./prism.js";

function show(label: string, value: unknown) {
  console.log(`\n${label}`);
  console.log(typeof value === "string" ? value : JSON.stringify(value, null, 2));
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The mock server returned no ${what}`);
  return value;
}

async function walkthrough(baseUrl: string) {
  const http = createClient<paths>({
    baseUrl,
    headers: { Authorization: "Bearer demo-token" },
  });

  const byName = await listExperiments(http, {
    params: {
      query: { query: 'and(eq(name,"PBMC T-cell panel 2024"),eq(deleted,null))' },
    },
  });
  const [match] = required(byName.data, "experiment list");
  const experimentId = required(match, "experiment")._id;
  show(`Experiment found by name: ${experimentId}`, { name: match?.name });

  const experiment = await getExperiment(http, { params: { path: { experimentId } } });
  const { name, created, tags } = required(experiment.data, "experiment");
  show("The same experiment by ID:", { name, created, tags });

  const files = await listFcsFiles(http, { params: { path: { experimentId } } });
  show(
    "Its FCS files:",
    required(files.data, "FCS files").map((file) => `${file._id}  ${file.filename}`),
  );

  const populations = await listPopulations(http, { params: { path: { experimentId } } });
  show(
    "Its populations:",
    required(populations.data, "populations").map((population) => population.name),
  );

  const statistics = await getBulkStatistics(http, {
    params: { path: { experimentId } },
    body: { statistics: ["mean", "mad", "stddev"], channels: ["FITC-A"], format: "json" },
  });
  show("Mean, MAD and SD of FITC-A, first row of the answer:", statistics.data?.[0]);

  const plot = await getPlot(http, {
    params: {
      path: { experimentId },
      query: {
        fcsFileId: files.data?.[0]?._id ?? "",
        plotType: "dot",
        xChannel: "FSC-A",
      },
    },
  });
  const png = required(plot.data, "plot");
  show(
    "A plot came back as a Blob:",
    `${png.size} bytes of ${png.type || "image/png"} (the mock serves placeholder bytes)`,
  );
}

const prism = await startPrism();
console.log(`Prism mock server on ${prism.url}, serving openapi/openapi.yaml's examples`);
try {
  await walkthrough(prism.url);
} finally {
  await prism.stop();
}
