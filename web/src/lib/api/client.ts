import createClient from 'openapi-fetch';
import { ApiError } from './errors';
import type { paths } from './schema.gen';

/** The typed client for the Switchboard HTTP API (same origin, cookie session). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

async function settle<T>(request: Promise<FetchResult<T>>): Promise<FetchResult<T>> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (!result.response.ok) throw ApiError.fromResponse(result.response, result.error);
  return result;
}

/** Resolves to the response body, or throws an `ApiError` carrying the problem+json. */
export async function unwrap<T>(request: Promise<FetchResult<T>>): Promise<T> {
  const { data, response } = await settle(request);
  if (data === undefined) {
    throw new ApiError({
      status: response.status,
      code: 'empty_response',
      title: 'Empty response',
      detail: 'The server sent an empty response where data was expected.',
    });
  }
  return data;
}

/** For endpoints answering 204: resolves when the request succeeded. */
export async function expectNoContent(request: Promise<FetchResult<unknown>>): Promise<void> {
  await settle(request);
}

/**
 * A multipart request (file uploads: openapi-fetch is JSON-first). Network failures and error
 * answers become the same ApiError as every other call; the JSON body is returned as `T`.
 */
export const sendForm = <T>(method: 'POST' | 'PUT', path: string, form: FormData) =>
  sendRaw<T>(path, { method, body: form });

/**
 * A call to a route outside the OpenAPI document (the sandbox's, which exist only with the
 * sandbox on), with the same errors as every other call; a 204 is `undefined`.
 */
export const fetchJson = <T>(path: string, method: 'GET' | 'DELETE' = 'GET') =>
  sendRaw<T>(path, { method });

async function sendRaw<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, credentials: 'same-origin' });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw ApiError.fromResponse(response, body);
  return body as T;
}
