import { describe, expect, it } from "vitest";

import { isSafeToRetry } from "../../src/handwritten/safe-to-retry.js";

const EXPERIMENT = "/api/v1/experiments/65a1f0c2e4b0a1b2c3d4e5f6";

describe("isSafeToRetry", () => {
  it.each([
    ["GET", `${EXPERIMENT}/fcsfiles`],
    ["HEAD", `${EXPERIMENT}/fcsfiles`],
    ["DELETE", `${EXPERIMENT}/gates/65a1f0c2e4b0a1b2c3d4e641`],
    ["POST", `${EXPERIMENT}/bulkstatistics`],
    ["POST", `${EXPERIMENT}/fcsfiles/zip`],
    ["post", `/cellengine${EXPERIMENT}/bulkstatistics`],
  ])("accepts %s %s", (method, path) => {
    expect(isSafeToRetry(method, path)).toBe(true);
  });

  it.each([
    ["POST", `${EXPERIMENT}/fcsfiles`],
    ["POST", `${EXPERIMENT}/attachments`],
    ["PATCH", EXPERIMENT],
    ["POST", "/api/v1/signin"],
    ["POST", `${EXPERIMENT}/bulkstatistics/extra`],
  ])("refuses %s %s, which creates or changes something", (method, path) => {
    expect(isSafeToRetry(method, path)).toBe(false);
  });
});
