/**
 * Every org-scoped route, read from the OpenAPI document: another org's signed-in user and another
 * org's admin API key get 404 not_found (never 403, never data), indistinguishable from an org that
 * does not exist, and nothing in the victim org changes. New routes under /api/v1/orgs/{orgId} are
 * covered without editing this file.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { queryRows } from '../db/client.js';
import { alertRules, alerts, campaigns } from '../db/schema/index.js';
import { png } from '../features/settings/test-images.js';
import { createTestApp, TEST_ORIGIN } from './app.js';
import { ORG_PREFIX, readOpenApi, urlFor, type Operation } from './openapi.js';
import {
  addMember,
  createApiKey,
  invite,
  listAll,
  signUp,
  uniqueEmail,
  type Caller,
  type SignedUp,
} from './factories.js';

const { app, database } = await createTestApp();

// --- The route list, from the OpenAPI document -------------------------------------------------

const { operations: allOperations, requestBody, queryString } = await readOpenApi(app);
const operations = allOperations.filter(
  ({ path }) => path === ORG_PREFIX || path.startsWith(`${ORG_PREFIX}/`),
);

// --- The victim, the attackers, and how to tell whether anything changed ----------------------

let victim: SignedUp;
let victimOwnerKeyId: string;
/** Real ids of the victim's resources, by path parameter name; anything else gets a random UUID. */
let victimIds: Record<string, string>;
let attackerUser: SignedUp;
let attackerKey: Caller;

function send(caller: Caller, operation: Operation, url: string): Promise<LightMyRequestResponse> {
  const body = requestBody(operation.op);
  const opts: InjectOptions = {
    method: operation.method as InjectOptions['method'],
    url: url + queryString(operation.op),
    // A browser session sends its Origin; a bearer key needs none.
    headers: { ...(caller.headers.cookie ? { origin: TEST_ORIGIN } : {}), ...caller.headers },
  };
  if (body !== undefined) opts.payload = body as InjectOptions['payload'];
  return app.inject(opts);
}

/** A hash of every row of the victim in every table that has an org_id, plus the org itself. */
async function victimRows(orgId: string): Promise<Record<string, string>> {
  const tables = await queryRows<{ table_name: string }>(
    database.db,
    sql`select table_name::text as table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'org_id' order by table_name`,
  );
  expect(tables.map((t) => t.table_name)).toEqual(
    expect.arrayContaining(['memberships', 'invitations', 'api_keys', 'audit_log']),
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = await queryRows<{ n: number; h: string }>(
      database.db,
      sql`select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as h
          from ${sql.identifier(table_name)} t where t.org_id = ${orgId}::uuid`,
    );
    out[table_name] = `${row!.n}:${row!.h}`;
  }
  const [org] = await queryRows<{ h: string }>(
    database.db,
    sql`select md5(t::text) as h from organizations t where t.id = ${orgId}::uuid`,
  );
  out.organizations = org!.h;
  return out;
}

/** What the victim's owner sees through the API. */
async function victimView(owner: SignedUp) {
  const base = `/api/v1/orgs/${owner.org.id}`;
  const org = await app.inject({ method: 'GET', url: base, headers: owner.headers });
  return {
    org: org.json<unknown>(),
    members: await listAll(app, owner, `${base}/members`),
    apiKeys: await listAll(app, owner, `${base}/api-keys`),
    invitations: await listAll(app, owner, `${base}/invitations`),
    settings: (
      await app.inject({ method: 'GET', url: `${base}/settings`, headers: owner.headers })
    ).json<unknown>(),
    auditLog: await listAll(app, owner, `${base}/audit-log`),
  };
}

let rowsBefore: Record<string, string>;
let viewBefore: Awaited<ReturnType<typeof victimView>>;

beforeAll(async () => {
  victim = await signUp(app, { orgName: 'Victim Org', name: 'Victim Owner' });
  const member = await addMember(app, victim, 'member');
  const invitation = await invite(app, victim, victim.org.id, uniqueEmail('pending'), 'viewer');
  const key = await createApiKey(app, victim, ['admin']);
  victimOwnerKeyId = key.id;
  // A real draft, so that the campaign routes (DELETE included) aim at something to lose.
  const [draft] = await database.db
    .insert(campaigns)
    .values({
      id: uuidv7(),
      orgId: victim.org.id,
      name: 'Victim draft',
      templateId: randomUUID(),
      integrationId: randomUUID(),
      channel: 'sms',
      audience: { groupIds: [], contactIds: [] },
    })
    .returning({ id: campaigns.id });
  // A logo, so that PUT and DELETE …/logo aim at something to lose.
  const boundary = 'victim-logo';
  const logo = await app.inject({
    method: 'PUT',
    url: `/api/v1/orgs/${victim.org.id}/logo`,
    headers: {
      ...victim.headers,
      origin: TEST_ORIGIN,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="logo.png"\r\n\r\n`,
      ),
      png(64, 64),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  expect(logo.statusCode, logo.body).toBe(200);
  // An alert rule with an open alert, so that the alert routes aim at something to change.
  const [rule] = await database.db
    .insert(alertRules)
    .values({
      orgId: victim.org.id,
      name: 'Victim rule',
      kind: 'failure_rate',
      threshold: 0.2,
      windowMinutes: 15,
      minEvents: 1,
      severity: 'critical',
    })
    .returning({ id: alertRules.id });
  const [alert] = await database.db
    .insert(alerts)
    .values({
      orgId: victim.org.id,
      ruleId: rule!.id,
      key: randomUUID(),
      title: 'Victim alert',
      summary: 'Victim failures',
      severity: 'critical',
      value: 1,
      threshold: 0.2,
      lastValue: 1,
      windowMinutes: 15,
      openedAt: new Date(),
      lastEvaluatedAt: new Date(),
    })
    .returning({ id: alerts.id });
  victimIds = {
    orgId: victim.org.id,
    ruleId: rule!.id,
    alertId: alert!.id,
    userId: member.user.id,
    invitationId: invitation.id,
    keyId: key.id,
    campaignId: draft!.id,
  };

  attackerUser = await signUp(app, { orgName: 'Attacker Org' });
  attackerKey = await createApiKey(app, attackerUser, ['admin']);

  rowsBefore = await victimRows(victim.org.id);
  viewBefore = await victimView(victim);
});

// --- The tests ---------------------------------------------------------------------------------

describe('cross-tenant isolation of every org-scoped route', () => {
  it('finds the org-scoped routes in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(0);
    const paths = operations.map((o) => o.path);
    for (const feature of ['members', 'invitations', 'api-keys', 'audit-log']) {
      expect(paths.some((p) => p.startsWith(`${ORG_PREFIX}/${feature}`))).toBe(true);
    }
    expect(new Set(operations.map((o) => o.method))).toEqual(
      new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    );
  });

  const callers = [
    ['a signed-in user of another org', () => attackerUser],
    ['an admin API key of another org', () => attackerKey],
  ] as const;

  describe.each(callers)('%s', (_label, caller) => {
    it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))(
      'gets 404 not_found on %s',
      async (_name, operation) => {
        const res = await send(caller(), operation, urlFor(operation.path, victimIds));
        expect(res.statusCode, res.body).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ code: 'not_found', status: 404 });
        expect(res.body).not.toContain('Victim');
        expect(res.body).not.toContain(victim.user.email);

        // Exactly what an organization that does not exist answers: existence is not revealed.
        const missingOrg = { ...victimIds, orgId: randomUUID() };
        const control = await send(caller(), operation, urlFor(operation.path, missingOrg));
        const comparable = (r: LightMyRequestResponse) => {
          const { requestId: _id, ...rest } = r.json<Record<string, unknown>>();
          return { status: r.statusCode, ...rest };
        };
        expect(comparable(res)).toEqual(comparable(control));
      },
    );
  });

  it('left the victim organization exactly as it was', async () => {
    expect(await victimRows(victim.org.id)).toEqual(rowsBefore);
    expect(await victimView(victim)).toEqual(viewBefore);
    expect(viewBefore.members).toHaveLength(2);
    expect(viewBefore.invitations).toHaveLength(1);
    expect(viewBefore.apiKeys).toMatchObject([{ id: victimOwnerKeyId, revokedAt: null }]);
  });

  it("reaches every route as the victim's own owner (the 404s above are about tenancy)", async () => {
    // Run last: these requests may change the victim org.
    for (const operation of operations) {
      const res = await send(victim, operation, urlFor(operation.path, victimIds));
      const label = `${operation.method} ${operation.path}: ${res.statusCode} ${res.body}`;
      expect(res.statusCode, label).toBeLessThan(500);
      if (res.statusCode === 404) {
        expect(res.json().detail, label).not.toMatch(/^(No route|Organization not found)/);
      }
    }
  });
});
