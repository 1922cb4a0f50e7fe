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
