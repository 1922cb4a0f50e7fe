import type { FastifyReply } from 'fastify';
import { contentSecurityPolicy, newNonce } from './security.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to place in HTML content or a quoted attribute. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const BASE_STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; color: #1f2328; background: #f6f8fa; margin: 0; }
  main { max-width: 28rem; margin: 4rem auto; padding: 2rem; background: #fff;
         border: 1px solid #d0d7de; border-radius: 8px; }
  h1 { font-size: 1.25rem; margin: 0 0 1rem; }
  button { font: inherit; padding: .5rem 1.25rem; border: 0; border-radius: 6px;
           background: #cf222e; color: #fff; cursor: pointer; }
  .muted { color: #59636e; font-size: .875rem; }
`;

/**
 * A whole server-rendered page with no script at all: it runs under the app's CSP
 * (`contentSecurityPolicy`), whose nonce admits the one style block.
 */
export function htmlPage(
  nonce: string,
  title: string,
  body: string,
  opts: { style?: string; robots?: string } = {},
): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="${escapeHtml(opts.robots ?? 'noindex')}">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${BASE_STYLE}${opts.style ?? ''}</style>
</head>
<body><main>${body}</main></body>
</html>
`;
}

/** Sends a page built by `page(nonce)` with a fresh nonce and the matching CSP. */
export function sendHtml(reply: FastifyReply, status: number, page: (nonce: string) => string) {
  const nonce = newNonce();
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('Content-Security-Policy', contentSecurityPolicy(nonce))
    .send(page(nonce));
}
