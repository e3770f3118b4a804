/**
 * Password sign-in, with the two-factor step. The server signals that a one-time
 * code is needed only through a 400 whose message says `"otp" is required`, so that
 * text is matched loosely (case and punctuation may drift) rather than exactly.
 */
import type { Client as FetchClient } from "openapi-fetch";

import { signIn } from "../generated/operations.js";
import type { components, paths } from "../generated/schema.js";
import { BadRequestError, CellEngineError, OtpRequiredError } from "./errors.js";

export type SignInRequest = components["schemas"]["SignInRequest"];
export type SignInResponse = components["schemas"]["SignInResponse"];

/** A one-time code, or a function that asks the user for one when it is needed. */
export type OtpSource = string | (() => string | Promise<string>);

export interface PasswordCredentials {
  username: string;
  password: string;
  otp?: OtpSource | undefined;
}

function asksForOtp(error: unknown): boolean {
  return (
    error instanceof BadRequestError && /\botp\b.*\brequired\b/i.test(error.serverMessage)
  );
}

async function requestToken(http: FetchClient<paths>, body: SignInRequest) {
  const { data } = await signIn(http, { body });
  if (!data) throw new CellEngineError("Sign-in answered without a token");
  return data;
}

/**
 * Signs in once; if the account needs a one-time code and none was sent, asks the
 * `otp` source for one and signs in once more. It never loops.
 */
export async function signInWithPassword(
  http: FetchClient<paths>,
  credentials: PasswordCredentials,
): Promise<SignInResponse> {
  const { username, password, otp } = credentials;
  const upfront = typeof otp === "string" ? otp : undefined;

  try {
    return await requestToken(http, {
      username,
      password,
      ...(upfront && { otp: upfront }),
    });
  } catch (error) {
    if (!asksForOtp(error) || upfront !== undefined) throw error;
    if (typeof otp !== "function") throw new OtpRequiredError();

    const code = String(await otp()).trim();
    return requestToken(http, { username, password, otp: code });
  }
}
