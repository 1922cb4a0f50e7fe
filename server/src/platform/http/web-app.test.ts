import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';

/** A stand-in for web/dist as Vite builds it. */
const dist = mkdtempSync(path.join(tmpdir(), 'switchboard-web-'));
mkdirSync(path.join(dist, 'assets'));
writeFileSync(
  path.join(dist, 'index.html'),
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="csp-nonce" content="__CSP_NONCE__" />
    <title>Switchboard</title>
    <script type="module" crossorigin src="/assets/index-abc123.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/vendor-def456.js">
    <link rel="stylesheet" crossorigin href="/assets/index-abc123.css">
    <link rel="icon" href="/favicon.svg">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`,
);
writeFileSync(path.join(dist, 'assets/index-abc123.js'), 'console.log("app");\n');
writeFileSync(path.join(dist, 'assets/vendor-def456.js'), 'export {};\n');
writeFileSync(path.join(dist, 'assets/index-abc123.css'), 'body { margin: 0; }\n');
writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const { app } = await createTestApp({ webDist: dist });

interface Page {
  html: string;
  csp: string;
  nonce: string;
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

async function getPage(url: string): Promise<Page> {
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode, url).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  const csp = String(res.headers['content-security-policy']);
  const scriptSrc = directives(csp).get('script-src') ?? [];
  const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(scriptSrc[0] ?? '')?.[1];
  expect(nonce, csp).toBeDefined();
  return { html: res.body, csp, nonce: nonce! };
}

describe('index.html under a nonce-based CSP', () => {
  it('puts one fresh nonce in the header, the meta tag and every script and stylesheet', async () => {
    const { html, csp, nonce } = await getPage('/');
    expect(nonce.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits, base64
    expect(html).not.toContain('__CSP_NONCE__');
    expect(html).toContain(`<meta name="csp-nonce" content="${nonce}" />`);

    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toHaveLength(1);
    for (const tag of scripts) expect(tag).toContain(` nonce="${nonce}"`);
    const styled = html.match(/<link\b[^>]*rel="(?:stylesheet|modulepreload)"[^>]*>/g) ?? [];
    expect(styled).toHaveLength(2);
    for (const tag of styled) expect(tag).toContain(` nonce="${nonce}"`);
    // Every nonce in the document is this response's nonce.
    for (const [, value] of html.matchAll(/nonce="([^"]*)"/g)) expect(value).toBe(nonce);

    const d = directives(csp);
    expect(d.get('script-src')).toEqual([`'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(d.get('style-src')).toContain(`'nonce-${nonce}'`);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('report-uri')).toEqual(['/api/csp-report']);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('uses a different nonce on every response', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 5; i++) nonces.add((await getPage('/')).nonce);
    expect(nonces.size).toBe(5);
  });

  it('serves index.html for client-side routes', async () => {
    for (const url of ['/orgs/x/settings', '/invite/some-token', '/login?next=%2Forgs']) {
      const { html, nonce } = await getPage(url);
      expect(html).toContain('<div id="root"></div>');
      expect(html).toContain(`nonce="${nonce}"`);
    }
  });

  it('never serves the raw template, whose placeholder would leave the page without a nonce', async () => {
    const { html, nonce } = await getPage('/index.html');
    expect(html).not.toContain('__CSP_NONCE__');
    expect(html).toContain(`<meta name="csp-nonce" content="${nonce}" />`);
  });

  it('answers HEAD / like GET /', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("'strict-dynamic'");
  });
});

describe('what is not the web app', () => {
  const expectProblem404 = (res: LightMyRequestResponse) => {
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('not_found');
  };

  it('keeps unknown API, webhook and operator paths as problem+json 404s', async () => {
    for (const url of ['/api/v1/nope', '/api', '/webhooks/twilio/x/status', '/metrics/x']) {
      expectProblem404(await app.inject({ method: 'GET', url }));
    }
    expectProblem404(await app.inject({ method: 'POST', url: '/orgs/x/settings' }));
  });

  it('answers a missing asset with 404, not with the HTML page', async () => {
    expectProblem404(await app.inject({ method: 'GET', url: '/assets/index-old999.js' }));
    expectProblem404(await app.inject({ method: 'GET', url: '/assets/' }));
  });
});

describe('static files', () => {
  it('caches hashed assets forever and serves them with the right type', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['x-content-type-options']).toBe('nosniff');

    const css = await app.inject({ method: 'GET', url: '/assets/index-abc123.css' });
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates files outside assets/', async () => {
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('does not serve files outside the dist directory', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/..%2f..%2f..%2fetc%2fpasswd' });
    expect(res.body).not.toContain('root:');
  });
});
