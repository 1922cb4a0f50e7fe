import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestApp, TEST_ORIGIN } from '../../test/app.js';
import {
  addMember,
  createApiKey,
  request,
  signUp,
  type Caller,
  type SignedUp,
} from '../../test/factories.js';
import { HTML, SVG, gif, jpeg, png, webp } from './test-images.js';

const { app } = await createTestApp();

const settingsUrl = (org: SignedUp) => `/api/v1/orgs/${org.org.id}/settings`;
const logoUrl = (org: SignedUp) => `/api/v1/orgs/${org.org.id}/logo`;

/** A multipart body with one file, named and typed as the (lying) client says. */
function form(file: Buffer, name = 'logo.png', type = 'image/png') {
  const boundary = '----switchboard-logo-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(org: SignedUp, file: Buffer, name?: string, type?: string, caller: Caller = org) {
  const { payload, contentType } = form(file, name, type);
  return request(app, caller, 'PUT', logoUrl(org), payload, { 'content-type': contentType });
}

const mediaPath = (url: string) => new URL(url).pathname;

describe('org settings', () => {
  it('start from defaults every member can read', async () => {
    const owner = await signUp(app, { orgName: 'Defaults' });
    const viewer = await addMember(app, owner, 'viewer');
    const res = await request(app, viewer, 'GET', settingsUrl(owner));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      name: 'Defaults',
      defaultTimezone: 'UTC',
      defaultPhoneRegion: null,
      smsMaxSegments: 10,
      senderName: null,
      brandColor: null,
      logo: null,
    });
  });

  it('are changed by admins, canonicalised, and audited with old and new values', async () => {
    const owner = await signUp(app, { orgName: 'Acme' });
    const admin = await addMember(app, owner, 'admin');
    const res = await request(app, admin, 'PATCH', settingsUrl(owner), {
      name: 'Acme GmbH',
      defaultTimezone: 'europe/berlin',
      defaultPhoneRegion: 'de',
      smsMaxSegments: 3,
      senderName: 'Acme Support',
      brandColor: '#1A2B3C',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      name: 'Acme GmbH',
      defaultTimezone: 'Europe/Berlin',
      defaultPhoneRegion: 'DE',
      smsMaxSegments: 3,
      senderName: 'Acme Support',
      brandColor: '#1a2b3c',
      logo: null,
    });
    expect((await request(app, owner, 'GET', `/api/v1/orgs/${owner.org.id}`)).json().name).toBe(
      'Acme GmbH',
    );
    // Clearing with null; an unchanged value is no change.
    const cleared = await request(app, admin, 'PATCH', settingsUrl(owner), {
      defaultPhoneRegion: null,
      brandColor: null,
      smsMaxSegments: 3,
    });
    expect(cleared.json()).toMatchObject({ defaultPhoneRegion: null, brandColor: null });

    const log = await request(
      app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/audit-log?action=org.settings_updated`,
    );
    expect(log.json().items).toMatchObject([
      {
        actor: { id: admin.user.id },
        targetId: owner.org.id,
        metadata: {
          changes: {
            defaultPhoneRegion: { from: 'DE', to: null },
            brandColor: { from: '#1a2b3c', to: null },
          },
        },
      },
      {
        metadata: {
          changes: {
            name: { from: 'Acme', to: 'Acme GmbH' },
            defaultTimezone: { from: 'UTC', to: 'Europe/Berlin' },
            smsMaxSegments: { from: 10, to: 3 },
          },
        },
      },
    ]);
    expect(Object.keys(log.json().items[0].metadata.changes)).toHaveLength(2);
  });

  it('refuses members, viewers and write keys with 403 and changes nothing', async () => {
    const owner = await signUp(app);
    const member = await addMember(app, owner, 'member');
    const viewer = await addMember(app, owner, 'viewer');
    const key = await createApiKey(app, owner, ['write']);
    for (const caller of [member, viewer, key]) {
      const res = await request(app, caller, 'PATCH', settingsUrl(owner), { smsMaxSegments: 1 });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
      const put = await upload(owner, png(64, 64), undefined, undefined, caller);
      expect(put.statusCode).toBe(403);
      const del = await request(app, caller, 'DELETE', logoUrl(owner));
      expect(del.statusCode).toBe(403);
    }
    expect((await request(app, owner, 'GET', settingsUrl(owner))).json().smsMaxSegments).toBe(10);
    const adminKey = await createApiKey(app, owner, ['admin']);
    const byKey = await request(app, adminKey, 'PATCH', settingsUrl(owner), { smsMaxSegments: 2 });
    expect(byKey.statusCode).toBe(200);
  });

  it.each([
    ['Mars/Olympus_Mons', 'invalid_timezone'],
    ['+01:00', 'invalid_timezone'],
    ['Europe/Berlin/Mitte', 'invalid_timezone'],
  ])('refuses the time zone %j with 422 %s', async (defaultTimezone, code) => {
    const owner = await signUp(app);
    const res = await request(app, owner, 'PATCH', settingsUrl(owner), { defaultTimezone });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code, errors: [{ path: 'defaultTimezone' }] });
  });

  it('refuses a region libphonenumber does not know with 422 invalid_region', async () => {
    const owner = await signUp(app);
    for (const defaultPhoneRegion of ['XX', 'ZZ', 'EU']) {
      const res = await request(app, owner, 'PATCH', settingsUrl(owner), { defaultPhoneRegion });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'invalid_region' });
    }
    const shape = await request(app, owner, 'PATCH', settingsUrl(owner), {
      defaultPhoneRegion: 'DEU',
    });
    expect(shape.statusCode).toBe(400);
  });

  it.each([
    [{ smsMaxSegments: 0 }, 'smsMaxSegments'],
    [{ smsMaxSegments: 11 }, 'smsMaxSegments'],
    [{ smsMaxSegments: 2.5 }, 'smsMaxSegments'],
    [{ brandColor: 'red' }, 'brandColor'],
    [{ brandColor: '#abc' }, 'brandColor'],
    [{ name: '' }, 'name'],
    [{ logo: null }, ''],
  ])('refuses %j with 400 validation_failed', async (body, path) => {
    const owner = await signUp(app);
    const res = await request(app, owner, 'PATCH', settingsUrl(owner), body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    if (path) expect(res.json().errors).toMatchObject([{ path }]);
  });
});

describe('logo upload', () => {
  it.each([
    ['PNG', png(32, 2048), 'image/png', 'png', 32, 2048],
    ['PNG', png(2048, 32), 'image/png', 'png', 2048, 32],
    ['JPEG', jpeg(32, 32), 'image/jpeg', 'jpg', 32, 32],
    ['JPEG', jpeg(2048, 2048), 'image/jpeg', 'jpg', 2048, 2048],
    ['WebP', webp(32, 2048), 'image/webp', 'webp', 32, 2048],
    ['WebP', webp(2048, 32), 'image/webp', 'webp', 2048, 32],
    ['GIF', gif(32, 32), 'image/gif', 'gif', 32, 32],
    ['GIF', gif(2048, 2048), 'image/gif', 'gif', 2048, 2048],
  ])(
    'accepts a %s of %s…, %s, at the size edges',
    async (_kind, file, contentType, ext, width, height) => {
      const owner = await signUp(app);
      const res = await upload(owner, file, `logo.${ext}`, contentType);
      expect(res.statusCode, res.body).toBe(200);
      const sha256 = createHash('sha256').update(file).digest('hex');
      expect(res.json().logo).toEqual({
        url: `${TEST_ORIGIN}/media/logos/${owner.org.id}/${sha256}.${ext}`,
        width,
        height,
        contentType,
        bytes: file.length,
      });
      expect((await request(app, owner, 'GET', settingsUrl(owner))).json().logo).toEqual(
        res.json().logo,
      );
    },
  );

  it('identifies files by content: a PNG named .jpg is a PNG, a JPEG sent as .png/image/png a JPEG', async () => {
    const owner = await signUp(app);
    const renamed = await upload(owner, png(64, 48), 'logo.jpg', 'image/jpeg');
    expect(renamed.json().logo).toMatchObject({ contentType: 'image/png', width: 64, height: 48 });
    expect(renamed.json().logo.url).toMatch(/\.png$/);
    const lying = await upload(owner, jpeg(100, 50), 'logo.png', 'image/png');
    expect(lying.statusCode).toBe(200);
    expect(lying.json().logo).toMatchObject({ contentType: 'image/jpeg', width: 100, height: 50 });
    expect(lying.json().logo.url).toMatch(/\.jpg$/);
  });

  it.each([
    ['an SVG', SVG, 'logo.svg', 'image/svg+xml'],
    ['an SVG named .png', SVG, 'logo.png', 'image/png'],
    ['an HTML file named .png', HTML, 'logo.png', 'image/png'],
    [
      'a PNG with HTML in a text chunk',
      png(64, 64, { text: '<html><script>alert(1)</script>' }),
      'logo.png',
      'image/png',
    ],
    [
      'a PNG with a page after its end',
      Buffer.concat([png(64, 64), HTML]),
      'logo.png',
      'image/png',
    ],
    [
      'a GIF with a script in a comment',
      Buffer.concat([
        gif(64, 64).subarray(0, -1),
        Buffer.from([0x21, 0xfe, 20]),
        Buffer.from('<script>alert(1)//x'),
        Buffer.from([0, 0x3b]),
      ]),
      'logo.gif',
      'image/gif',
    ],
    ['a truncated PNG header', png(64, 64).subarray(0, 20), 'logo.png', 'image/png'],
    ['a truncated WebP header', webp(64, 64).subarray(0, 18), 'logo.webp', 'image/webp'],
    ['a truncated JPEG', jpeg(64, 64).subarray(0, 30), 'logo.jpg', 'image/jpeg'],
    ['a truncated GIF', gif(64, 64).subarray(0, 12), 'logo.gif', 'image/gif'],
    ['a PDF', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), 'logo.png', 'image/png'],
    ['plain text', Buffer.from('just some text, not an image at all'), 'logo.png', 'image/png'],
  ])('refuses %s with 415 logo_unsupported_type', async (_label, file, name, type) => {
    const owner = await signUp(app);
    const res = await upload(owner, file, name, type);
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json().code).toBe('logo_unsupported_type');
    expect((await request(app, owner, 'GET', settingsUrl(owner))).json().logo).toBeNull();
  });

  it.each([
    ['a 4096 px wide PNG', png(4096, 64)],
    ['a 4096 px tall JPEG', jpeg(64, 4096)],
    ['a 4096 px WebP', webp(4096, 4096)],
    ['a 31 px PNG', png(31, 64)],
    ['a 31 px GIF', gif(64, 31)],
    [
      'an animated GIF whose first frame is too large',
      gif(64, 64, [
        { width: 4096, height: 64 },
        { width: 64, height: 64 },
      ]),
    ],
  ])('refuses %s with 422 logo_dimensions', async (_label, file) => {
    const owner = await signUp(app);
    const res = await upload(owner, file);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().code).toBe('logo_dimensions');
  });

  it('accepts an animated GIF whose first frame fits', async () => {
    const owner = await signUp(app);
    const file = gif(64, 64, [
      { width: 64, height: 64 },
      { width: 32, height: 32 },
    ]);
    const res = await upload(owner, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().logo).toMatchObject({ contentType: 'image/gif', width: 64, height: 64 });
  });

  it('accepts exactly 1 MB and refuses 1 MB + 1 byte with 413 logo_too_large', async () => {
    const owner = await signUp(app);
    const exact = png(64, 64, { padTo: 1024 * 1024 });
    expect(exact.length).toBe(1024 * 1024);
    const ok = await upload(owner, exact);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().logo.bytes).toBe(1024 * 1024);

    const over = png(64, 64, { padTo: 1024 * 1024 + 1 });
    expect(over.length).toBe(1024 * 1024 + 1);
    const res = await upload(owner, over);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('logo_too_large');
    const far = await upload(owner, Buffer.concat([png(64, 64), Buffer.alloc(5 * 1024 * 1024)]));
    expect(far.statusCode).toBe(413);
    expect((await request(app, owner, 'GET', settingsUrl(owner))).json().logo.bytes).toBe(
      1024 * 1024,
    );
  });

  it('needs a multipart body with one file', async () => {
    const owner = await signUp(app);
    const json = await request(app, owner, 'PUT', logoUrl(owner), { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('unsupported_media_type');
    const empty = await upload(owner, Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'file' }] });
  });

  it('is served at its content-addressed URL with safe headers, and removed with DELETE', async () => {
    const owner = await signUp(app);
    const file = png(64, 64);
    const res = await upload(owner, file);
    const path = mediaPath(res.json().logo.url);
    const served = await app.inject({ method: 'GET', url: path });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(file)).toBe(true);
    expect(served.headers).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
      'content-security-policy': "default-src 'none'",
      'cache-control': 'public, max-age=31536000, immutable',
    });

    // A new logo gets a new URL; the old one is gone, as are wrong extensions and hashes.
    const next = await upload(owner, png(64, 64, { seed: 0x10 }));
    const nextPath = mediaPath(next.json().logo.url);
    expect(nextPath).not.toBe(path);
    expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    for (const wrong of [
      nextPath.replace(/\.png$/, '.gif'),
      nextPath.replace(/\/[0-9a-f]{64}\./, `/${'0'.repeat(64)}.`),
      nextPath.replace(/\.png$/, ''),
      nextPath.toUpperCase(),
    ]) {
      const r = await app.inject({ method: 'GET', url: wrong });
      expect(r.statusCode, wrong).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }

    const del = await request(app, owner, 'DELETE', logoUrl(owner));
    expect(del.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: nextPath })).statusCode).toBe(404);
    expect((await request(app, owner, 'GET', settingsUrl(owner))).json().logo).toBeNull();
    expect((await request(app, owner, 'DELETE', logoUrl(owner))).statusCode).toBe(204);

    const log = await request(app, owner, 'GET', `/api/v1/orgs/${owner.org.id}/audit-log`);
    const actions = log.json().items.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a.startsWith('org.logo_'))).toEqual([
      'org.logo_removed',
      'org.logo_updated',
      'org.logo_updated',
    ]);
  });

  it("does not serve one org's logo under another org's id", async () => {
    const a = await signUp(app);
    const b = await signUp(app);
    const logo = (await upload(a, png(64, 64, { seed: 0x33 }))).json().logo;
    const path = mediaPath(logo.url);
    expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    const swapped = path.replace(a.org.id, b.org.id);
    expect((await app.inject({ method: 'GET', url: swapped })).statusCode).toBe(404);
  });
});
