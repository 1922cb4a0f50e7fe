import { escapeHtml, htmlPage } from '../../platform/http/html.js';
import type { UnsubscribeState } from './service.js';

/** The org's logo above the page and its brand colour on the button (both from its settings). */
function brandedLayout(
  nonce: string,
  title: string,
  body: string,
  state: Pick<UnsubscribeState, 'orgName' | 'brand'>,
) {
  // The colour is stored as #rrggbb (checked on the way in and by the database): safe in CSS.
  const color =
    state.brand.color && /^#[0-9a-f]{6}$/.test(state.brand.color) ? state.brand.color : null;
  const logo = state.brand.logoUrl
    ? `<img class="logo" src="${escapeHtml(state.brand.logoUrl)}" alt="${escapeHtml(state.orgName)}">\n`
    : '';
  const style = `.logo { display: block; max-height: 48px; max-width: 12rem; margin: 0 0 1rem; }${
    color ? ` main { border-top: 4px solid ${color}; } button { background: ${color}; }` : ''
  }`;
  return htmlPage(nonce, title, logo + body, { style });
}

/** The confirmation page: a plain form that POSTs the one-click body to the same URL. */
export function confirmPage(nonce: string, action: string, state: UnsubscribeState): string {
  const org = escapeHtml(state.orgName);
  return brandedLayout(
    nonce,
    `Unsubscribe from ${state.orgName}`,
    `<h1>Unsubscribe from ${org}</h1>
<p>Stop emails from ${org} to <strong>${escapeHtml(state.maskedAddress)}</strong>?</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
    state,
  );
}

export function unsubscribedPage(nonce: string, state: UnsubscribeState): string {
  const org = escapeHtml(state.orgName);
  return brandedLayout(
    nonce,
    'You are unsubscribed',
    `<h1>You are unsubscribed</h1>
<p>${org} will no longer send emails to <strong>${escapeHtml(state.maskedAddress)}</strong>.</p>
<p class="muted">You can close this page.</p>`,
    state,
  );
}

/** For a browser that followed a broken or outdated link; machines get problem+json. */
export function errorPage(nonce: string, code: string, detail: string): string {
  return htmlPage(
    nonce,
    'Unsubscribe link not valid',
    `<h1>This unsubscribe link does not work</h1>
<p>${escapeHtml(detail)}</p>
<p class="muted">Error code: <code>${escapeHtml(code)}</code></p>`,
  );
}
