import type { FastifyInstance } from 'fastify';
import { ERROR_CODES, type ErrorCode } from '../errors.js';
import { escapeHtml, htmlPage, sendHtml } from './html.js';

/** Where every problem's `type` points: this instance's own reference page (RFC 9457 §3.1.1). */
export const PROBLEM_DOCS_PATH = '/api/docs/problems';

export const problemTypeUri = (publicUrl: string, code: ErrorCode) =>
  `${publicUrl.replace(/\/+$/, '')}${PROBLEM_DOCS_PATH}#${code}`;

/** Escaped text in which `backticks` become <code>. */
const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const STYLE = `
  main { max-width: 52rem; margin: 2rem auto; }
  section { border-top: 1px solid #d0d7de; padding: .75rem 0; }
  section:target { background: #fff8c5; }
  h2 { font-size: 1rem; margin: 0 0 .25rem; }
  dl { margin: 0; display: grid; grid-template-columns: 7rem 1fr; gap: .25rem 1rem; }
  dt { color: #59636e; }
  dd { margin: 0; }
  code { font-family: ui-monospace, monospace; font-size: .875em; }
`;

function page(nonce: string): string {
  const sections = Object.entries(ERROR_CODES)
    .map(
      ([code, doc]) => `<section id="${code}">
<h2><code>${code}</code> — ${escapeHtml(doc.title)}</h2>
<dl>
<dt>HTTP status</dt><dd>${doc.status}</dd>
<dt>Meaning</dt><dd>${prose(doc.meaning)}</dd>
<dt>What to do</dt><dd>${prose(doc.remedy)}</dd>
</dl>
</section>`,
    )
    .join('\n');
  return htmlPage(
    nonce,
    'Switchboard API errors',
    `<h1>API errors</h1>
<p>Every error of the Switchboard API is an <code>application/problem+json</code> body
(RFC 9457) with a stable <code>code</code>, the request's <code>requestId</code> and, for
invalid fields, <code>errors</code>. Its <code>type</code> links to the code's entry below.
See also the <a href="/api/docs">API reference</a>.</p>
${sections}`,
    { style: STYLE, robots: 'index' },
  );
}

/** `GET /api/docs/problems`: every error code with its status, meaning and remedy. */
export function registerProblemDocs(app: FastifyInstance) {
  app.get(PROBLEM_DOCS_PATH, { schema: { hide: true } }, (_request, reply) =>
    sendHtml(reply.header('Cache-Control', 'public, max-age=3600'), 200, page),
  );
}
