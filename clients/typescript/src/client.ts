// A typed client of the short-video API: openapi-fetch over the types that openapi-typescript
// generates from /api/openapi.json into ./schema.d.ts (`make clients`; never edit that file).
// Paths, parameters, bodies and responses are all checked by tsc against the document.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { SchemaError, paths } from "./schema";

export type * from "./schema";
export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** The API's origin, e.g. "https://api.example.com": the document's paths start with /api. */
  baseUrl: string;
  /** The access token sent as Bearer, or a function returning the current one. */
  token?: string | (() => string | undefined);
}

/** `client.GET("/api/videos/{video_id}", {params: {path: {video_id: 1}}})` and so on. */
export function createApiClient({ baseUrl, token }: ApiClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, "") });
  if (token !== undefined) {
    client.use(bearer(token));
  }
  return client;
}

function bearer(token: string | (() => string | undefined)): Middleware {
  return {
    onRequest({ request }) {
      const value = typeof token === "function" ? token() : token;
      // A header given with the call wins (POST /api/auth/refresh sends the refresh token).
      if (value && !request.headers.has("Authorization")) {
        request.headers.set("Authorization", `Bearer ${value}`);
      }
      return request;
    },
  };
}

/** An error response of the API, with its body: {code, status, message, errors?}. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly response: Response,
    readonly body: SchemaError,
  ) {
    super(`${response.status} ${body.status}: ${body.message}`);
  }
}

/** What openapi-fetch resolves to: `{data, response}` or `{error, response}`. */
type Result = { data?: unknown; error?: unknown; response: Response };
/** The data of the success branch (typed the same with or without exactOptionalPropertyTypes). */
type Data<R> = Extract<R, { error?: never }> extends { data: infer D } ? D : never;

/**
 * The body of a successful response, or throws an ApiError with the API's error body.
 * With `status`, any other status (a 200 where a 201 was expected, ...) throws too.
 *
 *     const video = await ok(client.GET("/api/videos/{video_id}", {params: {path: {video_id}}}));
 */
export async function ok<R extends Result>(pending: Promise<R>, status?: number): Promise<Data<R>> {
  const { data, error, response } = await pending;
  if (error !== undefined || !response.ok || (status !== undefined && response.status !== status)) {
    throw new ApiError(response, errorBody(error, response));
  }
  return data as Data<R>;
}

function errorBody(error: unknown, response: Response): SchemaError {
  if (typeof error === "object" && error !== null && "code" in error && "message" in error) {
    return error as SchemaError;
  }
  // Not the API's JSON (a proxy's page, or a success with an unexpected status).
  const message = typeof error === "string" && error ? error : `unexpected status ${response.status}`;
  return { code: response.status, status: response.statusText, message };
}

/** A multipart body (the video upload): `bodySerializer: formData`. */
export function formData(fields: object): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value instanceof Blob) {
      form.append(name, value, value instanceof File ? value.name : name);
    } else if (value !== undefined && value !== null) {
      form.append(name, String(value));
    }
  }
  return form;
}
