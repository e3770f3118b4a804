import { describe, expect, it } from "vitest";

import {
  AmbiguousNameError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  CellEngineError,
  ConflictError,
  NameNotFoundError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  UnprocessableEntityError,
} from "../../src/handwritten/errors.js";
import { errorFromResponse } from "../../src/handwritten/response-error.js";

const URL_WITH_TOKEN = "https://cellengine.com/api/v1/experiments?token=s%3Asecret123";

function response(status: number, body: string, headers: Record<string, string> = {}) {
  return new Response(body === "" ? null : body, { status, headers });
}

describe("errorFromResponse", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
    [418, ApiError],
  ])("maps status %i to %o", async (status, ErrorClass) => {
    const error = await errorFromResponse(
      "get",
      "https://x.test/a",
      response(status, ""),
    );

    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(CellEngineError);
    expect(error.status).toBe(status);
    expect(error.method).toBe("GET");
  });

  it("takes the message from the JSON body's error", async () => {
    const error = await errorFromResponse(
      "POST",
      "https://x.test/api/v1/signin",
      response(400, '{"error":"\\"otp\\" is required."}'),
    );

    expect(error.message).toBe('"otp" is required.');
    expect(error.body).toEqual({ error: '"otp" is required.' });
  });

  it("accepts a structured error object", async () => {
    const error = await errorFromResponse(
      "GET",
      "https://x.test/",
      response(400, '{"error":{"message":"bad q"}}'),
    );
    expect(error.message).toBe("bad q");
  });

  it("keeps the first 200 characters of a non-JSON text body", async () => {
    const text = "upstream connect error or disconnect/reset before headers. ".repeat(5);
    const error = await errorFromResponse("GET", "https://x.test/", response(503, text));

    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe(text.trim().slice(0, 200));
    expect(error.body).toBe(text);
  });

  it("reads a proxy's HTML error page by its title, keeping the page as the body", async () => {
    const page =
      "<!DOCTYPE html>\n<html><head><style>body { color: red }</style>" +
      "<title>502 Bad Gateway</title></head><body><h1>Bad gateway</h1></body></html>";
    const error = await errorFromResponse("GET", "https://x.test/", response(502, page));

    expect(error.message).toBe("502 Bad Gateway");
    expect(error.body).toBe(page);
  });

  it("reads an untitled HTML page by its text, without markup or styles", async () => {
    const page =
      "<html><style>h1 { x: y }</style><body><h1>Service  down</h1></body></html>";
    const error = await errorFromResponse("GET", "https://x.test/", response(500, page));

    expect(error.message).toBe("Service down");
  });

  it("falls back to the status text for an empty body", async () => {
    const empty = new Response(null, { status: 404, statusText: "Not Found" });
    const error = await errorFromResponse("DELETE", "https://x.test/", empty);

    expect(error.message).toBe("Not Found");
    expect(error.body).toBeUndefined();
  });

  it("falls back to the status text when the JSON error is empty", async () => {
    const empty = new Response('{"error":""}', {
      status: 500,
      statusText: "Internal Server Error",
    });
    const error = await errorFromResponse("GET", "https://x.test/", empty);

    expect(error.message).toBe("Internal Server Error");
    expect(error.body).toEqual({ error: "" });
  });

  it("reports the request ID a response header carries", async () => {
    const error = await errorFromResponse(
      "GET",
      "https://x.test/",
      response(500, "{}", { "x-request-id": "req-42" }),
    );
    expect(error.requestId).toBe("req-42");
  });

  it("tells a 401 caller how to get a token", async () => {
    const error = await errorFromResponse(
      "GET",
      "https://x.test/",
      response(401, "Unauthorized"),
    );

    expect(error.serverMessage).toBe("Unauthorized");
    expect(error.message).toMatch(
      /^Unauthorized \(the token is missing, invalid or expired/,
    );
    expect(error.message).toContain("CELLENGINE_AUTH_TOKEN");
  });

  it("never shows a token, cookie or password in text, stack or JSON", async () => {
    const body = JSON.stringify({
      error: "Bearer s:secret123 is not valid",
      token: "s:secret123",
      password: "hunter2",
    });
    const error = await errorFromResponse("GET", URL_WITH_TOKEN, response(401, body));
    const shown = [String(error), error.stack ?? "", JSON.stringify(error), error.url];

    for (const text of shown) {
      expect(text).not.toContain("secret123");
      expect(text).not.toContain("hunter2");
    }
    expect(error.url).toBe(
      "https://cellengine.com/api/v1/experiments?token=%5BREDACTED%5D",
    );
  });
});

describe("name errors", () => {
  it("name the kind, the name and the experiment", () => {
    const lookup = {
      kind: "fcsfiles",
      name: 'A "quoted" name',
      experimentId: "65a1f0c2e4b0a1b2c3d4e5f6",
    };

    expect(new NameNotFoundError(lookup).message).toBe(
      'No FCS file named "A \\"quoted\\" name" in experiment 65a1f0c2e4b0a1b2c3d4e5f6 was found; check the spelling and the experiment ID',
    );
    expect(new AmbiguousNameError(lookup).message).toBe(
      'More than one FCS file named "A \\"quoted\\" name" in experiment 65a1f0c2e4b0a1b2c3d4e5f6 exists; pass its ID instead',
    );
    expect(new AmbiguousNameError(lookup)).toMatchObject({
      kind: "fcsfiles",
      resourceName: 'A "quoted" name',
      experimentId: "65a1f0c2e4b0a1b2c3d4e5f6",
    });
  });
});
