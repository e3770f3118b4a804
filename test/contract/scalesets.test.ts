import { describe, expect, it } from "vitest";

import { listScaleSets, updateScaleSet } from "../../src/generated/operations.js";
import type { components } from "../../src/generated/schema.js";
import {
  contractClient,
  pathExamples,
  requestExample,
  responseExample,
} from "../support/contract.js";

type Schemas = components["schemas"];

const EXPERIMENT_ID = "65a1f0c2e4b0a1b2c3d4e5f6";
const SCALE_SET_ID = "65a1f0c2e4b0a1b2c3d4e671";
const scaleSetPath = { experimentId: EXPERIMENT_ID, scaleSetId: SCALE_SET_ID };

/** Reads the cofactor only where the scale has one; the union forces the check. */
function cofactorOf(scale: Schemas["Scale"]): number | undefined {
  return scale.type === "ArcSinhScale" ? scale.cofactor : undefined;
}

describe("listScaleSets", () => {
  it("returns an array holding the experiment's single scale set", async () => {
    const { data, error, response } = await listScaleSets(contractClient(), {
      params: { path: { experimentId: EXPERIMENT_ID } },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("listScaleSets"));
    expect(data).toHaveLength(1);
    expect(data?.[0]?._id).toBe(SCALE_SET_ID);
    expect(data?.[0]?.name).toBe("Scale Set 1");
  });

  it("scales scatter channels linearly and fluorescence ones by arcsinh", async () => {
    const { data } = await listScaleSets(contractClient(), {
      params: { path: { experimentId: EXPERIMENT_ID } },
    });
    const scales = data?.[0]?.scales ?? [];
    const byChannel = Object.fromEntries(
      scales.map(({ channelName, scale }) => [channelName, scale]),
    );

    expect(byChannel["FSC-A"]?.type).toBe("LinearScale");
    expect(byChannel["FITC-A"]?.type).toBe("ArcSinhScale");
    expect(scales.map(({ scale }) => cofactorOf(scale))).toEqual([
      undefined,
      undefined,
      150,
      150,
      150,
    ]);
  });
});

describe("updateScaleSet", () => {
  it("sends the full list of scales and gets the scale set back wrapped", async () => {
    const body = (await requestExample("updateScaleSet")) as Schemas["ScaleSetUpdate"];
    expect(await pathExamples("updateScaleSet")).toEqual(scaleSetPath);

    const { data, error, response } = await updateScaleSet(contractClient(), {
      params: { path: scaleSetPath },
      body,
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("updateScaleSet"));
    expect(data?.scaleSet.scales).toEqual(body.scales);
    expect(data?.scaleSet._id).toBe(SCALE_SET_ID);
  });

  it("is refused by the mock when an arcsinh scale has no cofactor", async () => {
    const { data, response } = await updateScaleSet(contractClient(), {
      params: { path: scaleSetPath },
      body: {
        scales: [
          {
            channelName: "FITC-A",
            // @ts-expect-error an arcsinh scale needs its cofactor
            scale: { type: "ArcSinhScale", minimum: -200, maximum: 262144 },
          },
        ],
      },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
  });

  it("is refused by the mock when the scale type is unknown", async () => {
    const { response } = await updateScaleSet(contractClient(), {
      params: { path: scaleSetPath },
      body: {
        scales: [
          {
            channelName: "FSC-A",
            // @ts-expect-error only linear, log and arcsinh scales exist
            scale: { type: "LogicleScale", minimum: 1, maximum: 262144 },
          },
        ],
      },
    });

    expect(response.status).toBe(400);
  });
});
