import { escapeHtml } from '../../platform/http/html.js';
import type { UnsubscribeState } from './service.js';

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; color: #1f2328; background: #f6f8fa; margin: 0; }
  main { max-width: 28rem; margin: 4rem auto; padding: 2rem; background: #fff;
         border: 1px solid #d0d7de; border-radius: 8px; }
  h1 { font-size: 1.25rem; margin: 0 0 1rem; }
  button { font: inherit; padding: .5rem 1.25rem; border: 0; border-radius: 6px;
           background: #cf222e; color: #fff; cursor: pointer; }
  .muted { color: #59636e; font-size: .875rem; }
`;

/**
 * A whole page, no script at all: it runs under the app's CSP (`contentSecurityPolicy`), whose
 * `form-action 'self'` allows the form and whose nonce admits the one style block.
 */
function layout(nonce: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body><main>${body}</main></body>
</html>
`;
}

/** The confirmation page: a plain form that POSTs the one-click body to the same URL. */
export function confirmPage(nonce: string, action: string, state: UnsubscribeState): string {
  const org = escapeHtml(state.orgName);
  return layout(
    nonce,
    `Unsubscribe from ${state.orgName}`,
    `<h1>Unsubscribe from ${org}</h1>
<p>Stop emails from ${org} to <strong>${escapeHtml(state.maskedAddress)}</strong>?</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

export function unsubscribedPage(nonce: string, state: UnsubscribeState): string {
  const org = escapeHtml(state.orgName);
  return layout(
    nonce,
    'You are unsubscribed',
    `<h1>You are unsubscribed</h1>
<p>${org} will no longer send emails to <strong>${escapeHtml(state.maskedAddress)}</strong>.</p>
<p class="muted">You can close this page.</p>`,
  );
}

/** For a browser that followed a broken or outdated link; machines get problem+json. */
export function errorPage(nonce: string, code: string, detail: string): string {
  return layout(
    nonce,
    'Unsubscribe link not valid',
    `<h1>This unsubscribe link does not work</h1>
<p>${escapeHtml(detail)}</p>
<p class="muted">Error code: <code>${escapeHtml(code)}</code></p>`,
  );
}
