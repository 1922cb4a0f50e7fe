import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, startJobQueue, TEST_ORIGIN } from '../../test/app.js';
import { listAll, request, signUp, type SignedUp } from '../../test/factories.js';

const { app, services } = await createTestApp();
beforeAll(async () => {
  await startJobQueue(services);
});

const base = (o: SignedUp) => `/api/v1/orgs/${o.org.id}`;

function multipart(
  fields: Record<string, string>,
  file?: { name: string; content: Buffer | string },
) {
  const boundary = '----switchboard-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(o: SignedUp, content: Buffer | string, fields: Record<string, string> = {}) {
  const { payload, contentType } = multipart(fields, { name: 'people.csv', content });
  return app.inject({
    method: 'POST',
    url: `${base(o)}/contacts/imports`,
    headers: { ...o.headers, origin: TEST_ORIGIN, 'content-type': contentType },
    payload,
  });
}

async function importAndRun(o: SignedUp, content: string, fields: Record<string, string> = {}) {
  const res = await upload(o, content, fields);
  expect(res.statusCode, res.body).toBe(202);
  expect(res.json()).toMatchObject({ status: 'queued' });
  await services.contactImports.run({ orgId: o.org.id, importId: res.json().id });
  return (await request(app, o, 'GET', `${base(o)}/contacts/imports/${res.json().id}`)).json();
}

const CSV = [
  'Full name,E-mail,Mobile,City',
  'Ann One,ann@example.com,+14155550101,Oslo',
  'Bad Phone,bad@example.com,12,Rome',
  'No Identity,,,Nowhere',
  'Ann Again,ANN@example.com,,Bergen',
  'Bob Two,bob@example.com,+14155550102,',
  'Clash,ann@example.com,+14155550102,',
  '"Quoted, Name",quoted@example.com,,"Line ""one"""',
].join('\n');

describe('CSV import', () => {
  it('runs as a job with per-row results, counts and an error report; a re-run adds nothing', async () => {
    const owner = await signUp(app);
    const done = await importAndRun(owner, CSV);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 7,
      processedRows: 7,
      created: 3,
      updated: 1,
      conflicts: 1,
      invalid: 2,
      mapping: { 'Full name': 'name', 'E-mail': 'email', Mobile: 'phone', City: 'attributes.City' },
    });
    const rows = (
      await request(app, owner, 'GET', `${base(owner)}/contacts/imports/${done.id}/rows`)
    ).json();
    expect(
      rows.items.map((r: { rowNumber: number; status: string }) => [r.rowNumber, r.status]),
    ).toEqual([
      [2, 'created'],
      [3, 'invalid'],
      [4, 'invalid'],
      [5, 'updated'],
      [6, 'created'],
      [7, 'conflict'],
      [8, 'created'],
    ]);
    expect(rows.items[1].reason).toContain('Mobile: has no valid country code');

    const report = await request(
      app,
      owner,
      'GET',
      `${base(owner)}/contacts/imports/${done.id}/errors.csv`,
    );
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.body.split(/\r?\n/)[0]).toBe('row,status,reason,Full name,E-mail,Mobile,City');
    expect(report.body).toContain('3,invalid');
    expect(report.body).toContain('7,conflict');

    const contacts = await listAll<{ name: string; attributes: Record<string, string> }>(
      app,
      owner,
      `${base(owner)}/contacts`,
    );
    expect(contacts.map((c) => c.name).sort()).toEqual(['Ann One', 'Bob Two', 'Quoted, Name']);
    expect(contacts.find((c) => c.name === 'Ann One')!.attributes).toEqual({ City: 'Bergen' });
    const conflicts = (
      await request(app, owner, 'GET', `${base(owner)}/identity-conflicts`)
    ).json();
    expect(conflicts.items).toMatchObject([{ kind: 'identity_conflict', source: 'import' }]);

    const again = await importAndRun(owner, CSV);
    expect(again).toMatchObject({
      status: 'completed',
      created: 0,
      updated: 4,
      conflicts: 1,
      invalid: 2,
    });
    expect(await listAll(app, owner, `${base(owner)}/contacts`)).toHaveLength(3);
  });

  it('takes a column mapping, a default region and a group', async () => {
    const owner = await signUp(app);
    const group = (
      await request(app, owner, 'POST', `${base(owner)}/groups`, { name: 'Imported' })
    ).json();
    const done = await importAndRun(owner, 'who,tel,wa\nKari,22 22 55 55,22225555\n', {
      mapping: JSON.stringify({ who: 'name', tel: 'phone', wa: 'whatsapp' }),
      region: 'NO',
      groupId: group.id,
    });
    expect(done).toMatchObject({ status: 'completed', created: 1 });
    const [kari] = await listAll<{ identities: { normalized: string }[]; groupIds: string[] }>(
      app,
      owner,
      `${base(owner)}/contacts`,
    );
    expect(kari!.identities.map((i) => i.normalized)).toEqual(['+4722225555', '+4722225555']);
    expect(kari!.groupIds).toEqual([group.id]);

    const bad = await upload(owner, 'a,b\n1,2\n', { mapping: JSON.stringify({ nope: 'email' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { path: 'mapping.nope', message: 'no such column in the file' },
    ]);
  });

  it('checks the content, not the name, and enforces the caps', async () => {
    const owner = await signUp(app);
    const zip = await upload(owner, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]));
    expect(zip.statusCode).toBe(422);
    expect(zip.json().code).toBe('invalid_import_file');
    const latin1 = await upload(owner, Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xe9, 0x0a]));
    expect(latin1.json().code).toBe('invalid_import_file');
    const rows = await upload(owner, `email\n${'x\n'.repeat(100_001)}`);
    expect(rows.statusCode).toBe(413);
    expect(rows.json().code).toBe('import_too_large');
    const big = await upload(owner, Buffer.alloc(10 * 1024 * 1024 + 1, 'a'));
    expect(big.statusCode).toBe(413);
    const json = await request(app, owner, 'POST', `${base(owner)}/contacts/imports`, {
      file: 'x',
    });
    expect(json.statusCode).toBe(415);
  });
});
