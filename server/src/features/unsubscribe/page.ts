import { escapeHtml, htmlPage as layout } from '../../platform/http/html.js';
import type { UnsubscribeState } from './service.js';

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
