import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { request, signUp, type SignedUp } from '../../test/factories.js';

const { app } = await createTestApp();

const base = (o: SignedUp) => `/api/v1/orgs/${o.org.id}`;

describe('CSV export', () => {
  it('exports the filtered contacts, one column per channel, with formula-safe cells', async () => {
    const owner = await signUp(app);
    await request(app, owner, 'POST', `${base(owner)}/contacts`, {
      name: '=HYPERLINK("x")',
      identities: [
        { channel: 'phone', value: '+14155550103' },
        { channel: 'email', value: 'e@example.com' },
      ],
      attributes: { plan: 'pro' },
    });
    const res = await request(app, owner, 'GET', `${base(owner)}/contacts/export.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const [header, line] = res.body.trim().split('\n');
    expect(header).toBe(
      'id,name,email,phone,whatsapp,telegram,instagram,suppressed,created_at,plan',
    );
    expect(line).toContain(`"'=HYPERLINK(""x"")",e@example.com,+14155550103,,,,no,`);
    expect(line!.endsWith(',pro')).toBe(true);
  });
});
