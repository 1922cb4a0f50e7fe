import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ORIGIN } from '../../test/app.js';
import { ERROR_CODES } from '../errors.js';
import { PROBLEM_DOCS_PATH } from './problem-docs.js';

const { app } = await createTestApp();
afterAll(() => app.close());

const UNESCAPE: Record<string, string> = { lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };

const docs = await app.inject({ method: 'GET', url: PROBLEM_DOCS_PATH });
const anchors = [...docs.body.matchAll(/<section id="([a-z_]+)">/g)].map((m) => m[1]);

describe('the error reference page', () => {
  it('is an HTML page under the app CSP, with no script', () => {
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    expect(docs.headers['content-security-policy']).toContain("script-src 'nonce-");
    expect(docs.body).not.toContain('<script');
  });

  it('has one entry for every code in the table, with its status, meaning and remedy', () => {
    expect(anchors.sort()).toEqual(Object.keys(ERROR_CODES).sort());
    for (const [code, doc] of Object.entries(ERROR_CODES)) {
      const section = docs.body.slice(docs.body.indexOf(`<section id="${code}">`));
      const entry = section.slice(0, section.indexOf('</section>'));
      expect(entry, code).toContain(`<dd>${doc.status}</dd>`);
      const text = entry
        .replace(/<[^>]+>/g, '')
        .replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => UNESCAPE[e]!);
      expect(text, code).toContain(`Meaning${doc.meaning.replaceAll('`', '')}`);
      expect(text, code).toContain(`What to do${doc.remedy.replaceAll('`', '')}`);
    }
  });

  it('is where a problem’s type points, on this instance', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/no-such-route' });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json<{ type: string; code: string }>();
    expect(problem.code).toBe('not_found');
    expect(problem.type).toBe(`${TEST_ORIGIN}${PROBLEM_DOCS_PATH}#not_found`);
    expect(anchors).toContain(new URL(problem.type).hash.slice(1));
  });

  it('escapes the table text and renders `code` spans', () => {
    expect(docs.body).toContain('<code>errors</code>');
    expect(docs.body).not.toMatch(/`[a-zA-Z]/);
  });
});
