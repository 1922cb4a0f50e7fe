import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { randomUUID } from 'node:crypto';
import { TEST_ORIGIN } from './app.js';

export interface Caller {
  /** Headers that authenticate this caller (session cookie + same origin, or bearer key). */
  headers: Record<string, string>;
}

export interface SignedUp extends Caller {
  user: { id: string; email: string; name: string };
  org: { id: string; name: string };
  password: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** `app.inject` with a caller's credentials; JSON in, parsed JSON out. */
export function request(
  app: FastifyInstance,
  caller: Caller | null,
  method: Method,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const opts: InjectOptions = {
    method,
    url,
    headers: { origin: TEST_ORIGIN, ...caller?.headers, ...headers },
  };
  if (body !== undefined) opts.payload = body as InjectOptions['payload'];
  return app.inject(opts);
}

export const uniqueEmail = (prefix = 'user') => `${prefix}-${randomUUID().slice(0, 8)}@example.com`;

export function sessionHeaders(res: LightMyRequestResponse): Record<string, string> {
  const cookie = res.cookies.find((c) => c.name.endsWith('sb_session'));
  if (!cookie) throw new Error(`no session cookie in response ${res.statusCode}: ${res.body}`);
  return { cookie: `${cookie.name}=${cookie.value}` };
}

/** Signs up a new user with their own organization (tenants isolate tests by construction). */
export async function signUp(
  app: FastifyInstance,
  overrides: Partial<{
    email: string;
    name: string;
    orgName: string;
    password: string;
    invitationToken: string;
  }> = {},
): Promise<SignedUp> {
  const password = overrides.password ?? 'correct horse battery';
  const body = {
    email: overrides.email ?? uniqueEmail(),
    password,
    name: overrides.name ?? 'Test User',
    ...(overrides.invitationToken
      ? { invitationToken: overrides.invitationToken }
      : { orgName: overrides.orgName ?? 'Test Org' }),
  };
  const res = await request(app, null, 'POST', '/api/v1/auth/signup', body);
  if (res.statusCode !== 201) throw new Error(`signup failed ${res.statusCode}: ${res.body}`);
  const json = res.json<{ user: SignedUp['user']; org: SignedUp['org'] }>();
  return { ...json, password, headers: sessionHeaders(res) };
}

export async function createApiKey(
  app: FastifyInstance,
  owner: SignedUp,
  scopes: ('read' | 'write' | 'admin')[] = ['admin'],
): Promise<Caller & { id: string; key: string }> {
  const res = await request(app, owner, 'POST', `/api/v1/orgs/${owner.org.id}/api-keys`, {
    name: `key ${scopes.join('+')}`,
    scopes,
  });
  if (res.statusCode !== 201) throw new Error(`api key failed ${res.statusCode}: ${res.body}`);
  const { id, key } = res.json<{ id: string; key: string }>();
  return { id, key, headers: { authorization: `Bearer ${key}` } };
}

/** Invites `email` into the owner's org with `role` and accepts as a new user. */
export async function addMember(
  app: FastifyInstance,
  owner: SignedUp,
  role: 'owner' | 'admin' | 'member' | 'viewer',
): Promise<SignedUp> {
  const email = uniqueEmail(role);
  const inv = await request(app, owner, 'POST', `/api/v1/orgs/${owner.org.id}/invitations`, {
    email,
    role,
  });
  if (inv.statusCode !== 201) throw new Error(`invite failed ${inv.statusCode}: ${inv.body}`);
  const token = decodeURIComponent(
    new URL(inv.json<{ acceptUrl: string }>().acceptUrl).pathname.split('/').pop()!,
  );
  return signUp(app, { email, invitationToken: token, name: `The ${role}` });
}
