/**
 * The network boundary of component tests: `mockApi` declares how the server answers, by method
 * and path pattern (`GET /api/v1/orgs/:orgId/templates`), and records every request, so a test
 * can read the body the UI sent. A request no route matches fails the test.
 */

export type MockRequest = {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
};

type Handler = (request: MockRequest) => Response | Promise<Response>;
type Route = { method: string; pattern: RegExp; names: string[]; handler: Handler };

let routes: Route[] = [];
let requests: MockRequest[] = [];
let unhandled: string[] = [];

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

/** An application/problem+json failure, as the server's error handler writes it. */
export const problem = (
  status: number,
  code: string,
  detail: string,
  errors: { path: string; message: string }[] = [],
) =>
  new Response(
    JSON.stringify({
      type: 'about:blank',
      title: code,
      status,
      code,
      detail,
      errors,
      requestId: `req-${code}`,
    }),
    {
      status,
      headers: { 'content-type': 'application/problem+json' },
    },
  );

function compile(spec: string, handler: Handler): Route {
  const [method, path] = spec.split(' ') as [string, string];
  const names: string[] = [];
  const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, name) => {
    names.push(name as string);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), names, handler };
}

/** Replaces the routes of the running test (the last declared wins on overlap). */
export function mockApi(handlers: Record<string, Handler>) {
  routes = Object.entries(handlers)
    .map(([spec, handler]) => compile(spec, handler))
    .reverse();
}

/** The requests the UI made, oldest first. */
export function sentRequests(method?: string, path?: RegExp): MockRequest[] {
  return requests.filter(
    (r) => (method === undefined || r.method === method) && (!path || path.test(r.path)),
  );
}

async function dispatch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const text = await request.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: kept as text.
  }
  for (const route of routes) {
    const match = route.method === request.method && route.pattern.exec(url.pathname);
    if (!match) continue;
    const params = Object.fromEntries(route.names.map((name, i) => [name, match[i + 1]!]));
    const recorded = {
      method: request.method,
      path: url.pathname,
      params,
      query: url.searchParams,
      body,
    };
    requests.push(recorded);
    return route.handler(recorded);
  }
  unhandled.push(`${request.method} ${url.pathname}${url.search}`);
  return problem(501, 'not_mocked', `No mocked route for ${request.method} ${url.pathname}`);
}

export function installFetchMock() {
  // Node's Request (which jsdom leaves in place) takes absolute URLs only; the client sends
  // same-origin paths, as a browser resolves them against the page.
  const NodeRequest = globalThis.Request;
  globalThis.Request = class extends NodeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' ? new URL(input, window.location.href) : input, init);
    }
  };
  globalThis.fetch = dispatch as typeof fetch;
}

/** Called after each test: requests nobody declared are a failure, then the slate is wiped. */
export function assertNoUnhandledRequests() {
  const missed = unhandled;
  routes = [];
  requests = [];
  unhandled = [];
  if (missed.length) throw new Error(`Requests without a mocked route:\n${missed.join('\n')}`);
}
