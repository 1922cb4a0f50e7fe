import type { Page } from './expect.js';

export type Json = Record<string, unknown>;

/** A same-origin API call from the signed-in page (the session cookie and Origin come along). */
export function callApi<T = Json>(
  page: Page,
  method: string,
  path: string,
  body?: Json,
): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
      return (res.status === 204 ? null : await res.json()) as T;
    },
    { method, path, body },
  );
}
