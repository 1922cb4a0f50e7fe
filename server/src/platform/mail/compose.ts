import { escapeHtml } from '../http/html.js';
import type { MailMessage } from './transport.js';

export interface MailContent {
  to: string;
  subject: string;
  /** Plain sentences, in order; they are escaped for the HTML part. */
  paragraphs: string[];
  /** The one thing to do: a button in HTML, the bare link on its own line in text. */
  action: { label: string; url: string };
  /** A closing line in small print (why they got this mail, what to do if it was not them). */
  footnote: string;
}

/**
 * One transactional email in both parts, text first: every client shows one of them, and the
 * link is written out in both so it can be copied when a button does not render.
 */
export function composeMail(content: MailContent): Omit<MailMessage, 'from'> {
  const text = [
    ...content.paragraphs,
    `${content.action.label}: ${content.action.url}`,
    content.footnote,
  ].join('\n\n');
  const url = escapeHtml(content.action.url);
  const html = `<!doctype html>
<html lang="en"><body style="font:16px/1.5 system-ui,sans-serif;color:#1f2328;margin:0;padding:24px">
${content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${url}" style="display:inline-block;padding:10px 18px;background:#228be6;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>
<p style="font-size:14px;color:#59636e">Or open this link: <a href="${url}">${url}</a></p>
<p style="font-size:14px;color:#59636e">${escapeHtml(content.footnote)}</p>
</body></html>`;
  return { to: content.to, subject: content.subject, text, html };
}
