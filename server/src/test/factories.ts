import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { randomInt, randomUUID } from 'node:crypto';
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

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** `app.inject` with a caller's credentials; JSON in, parsed JSON out. */
export function request(
  app: FastifyInstance,
  caller: Caller | null,
  method: Method,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  remoteAddress?: string,
): Promise<LightMyRequestResponse> {
  const opts: InjectOptions = {
    method,
    url,
    headers: { origin: TEST_ORIGIN, ...caller?.headers, ...headers },
  };
  if (body !== undefined) opts.payload = body as InjectOptions['payload'];
  if (remoteAddress !== undefined) opts.remoteAddress = remoteAddress;
  return app.inject(opts);
}

/**
 * A client address of its own. Sign-up and sign-in are rate-limited per IP (10 a minute), so
 * factories that sign many users up in one file each come from a different address.
 */
export const uniqueIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

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
  const res = await request(app, null, 'POST', '/api/v1/auth/signup', body, {}, uniqueIp());
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

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

/** The invitation token carried by an accept link (`${PUBLIC_URL}/invite/<token>`). */
export const tokenFromAcceptUrl = (acceptUrl: string) =>
  decodeURIComponent(new URL(acceptUrl).pathname.split('/').pop()!);

/** Invites `email` into `orgId` as `role` on behalf of `admin` (a signed-in admin or owner). */
export async function invite(
  app: FastifyInstance,
  admin: Caller,
  orgId: string,
  email: string,
  role: Role,
): Promise<{ id: string; email: string; role: Role; acceptUrl: string; token: string }> {
  const res = await request(app, admin, 'POST', `/api/v1/orgs/${orgId}/invitations`, {
    email,
    role,
  });
  if (res.statusCode !== 201) throw new Error(`invite failed ${res.statusCode}: ${res.body}`);
  const inv = res.json<{ id: string; email: string; role: Role; acceptUrl: string }>();
  return { ...inv, token: tokenFromAcceptUrl(inv.acceptUrl) };
}

/** Invites a new email into the owner's org with `role` and accepts as a new user. */
export async function addMember(
  app: FastifyInstance,
  owner: SignedUp,
  role: Role,
): Promise<SignedUp> {
  const email = uniqueEmail(role);
  const { token } = await invite(app, owner, owner.org.id, email, role);
  return signUp(app, { email, invitationToken: token, name: `The ${role}` });
}

/** Reads a whole org-scoped list by following `nextCursor` (failing on a cursor that never ends). */
export async function listAll<T>(
  app: FastifyInstance,
  caller: Caller,
  url: string,
  limit = 200,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const page: LightMyRequestResponse = await request(
      app,
      caller,
      'GET',
      `${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (page.statusCode !== 200) throw new Error(`list failed ${page.statusCode}: ${page.body}`);
    const json = page.json<{ items: T[]; nextCursor: string | null }>();
    items.push(...json.items);
    cursor = json.nextCursor;
    if (items.length > 10_000) throw new Error(`${url}: pagination does not end`);
  } while (cursor);
  return items;
}
