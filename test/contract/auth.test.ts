import { describe, expect, it } from "vitest";

import { signIn, signOut } from "../../src/generated/operations.js";
import {
  anonymousClient,
  contractClient,
  requestExample,
  responseExample,
} from "../support/contract.js";

describe("signIn", () => {
  it("exchanges the example credentials for the example session", async () => {
    const body = (await requestExample("signIn")) as {
      username: string;
      password: string;
    };

    const { data, error, response } = await signIn(anonymousClient(), { body });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(await responseExample("signIn"));
    expect(data?.userId).toMatch(/^[0-9a-f]{24}$/);
  });

  it("reports that a one-time code is required as a 400 error body", async () => {
    const { data, error, response } = await signIn(anonymousClient(), {
      body: { username: "mlopez", password: "correct-horse-battery" },
      headers: { Prefer: "code=400" },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(error).toEqual({ error: '"otp" is required.' });
  });

  it("is refused by the mock when the password is missing", async () => {
    const { error, response } = await signIn(anonymousClient(), {
      // @ts-expect-error the document requires a password; the server must refuse too
      body: { username: "mlopez" },
    });

    // Prism answers with the declared 400 and names the broken rule in a header.
    expect(response.status).toBe(400);
    expect(error).toEqual(await responseExample("signIn", { status: 400 }));
    expect(response.headers.get("sl-violations")).toContain("'password'");
  });
});

describe("signOut", () => {
  it("answers 204 with no body", async () => {
    const { data, error, response } = await signOut(contractClient());

    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });

  it("is refused without credentials", async () => {
    const { error, response } = await signOut(anonymousClient());

    expect(response.status).toBe(401);
    expect(error).toEqual(
      await responseExample("signOut", { status: 401, mediaType: "application/json" }),
    );
    expect(response.headers.get("sl-violations")).toContain("security");
  });
});
