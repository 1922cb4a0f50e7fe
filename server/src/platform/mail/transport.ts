import nodemailer from 'nodemailer';
import type { Executor } from '../../db/client.js';
import { sandboxMail } from '../../db/schema/index.js';

/** One transactional email from the platform itself (not a tenant's message). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
}

/**
 * Where platform mail goes (decision 032). `send` throws on failure; the mail job retries it.
 * `kind` is what GET /api/v1/instance reports: `none` means mail cannot leave this server.
 */
export interface MailTransport {
  readonly kind: 'smtp' | 'sendgrid' | 'sandbox' | 'none';
  send(message: MailMessage & { from: string }): Promise<void>;
}

export const noMailTransport: MailTransport = {
  kind: 'none',
  send() {
    return Promise.reject(new Error('No mail transport is configured (SMTP_URL)'));
  },
};

/** SMTP through nodemailer; `smtps://` is TLS from the start, `smtp://` upgrades with STARTTLS. */
export function createSmtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(message) {
      await transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined && { html: message.html }),
      });
    },
  };
}

/** SendGrid's v3 mail/send with the platform's own key (not a tenant integration's). */
export function createSendGridTransport(opts: {
  apiKey: string;
  baseUrl?: string;
  fetch?: typeof fetch;
}): MailTransport {
  const doFetch = opts.fetch ?? fetch;
  const baseUrl = (opts.baseUrl ?? 'https://api.sendgrid.com').replace(/\/+$/, '');
  return {
    kind: 'sendgrid',
    async send(message) {
      const res = await doFetch(`${baseUrl}/v3/mail/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          personalizations: [{ to: [{ email: message.to }] }],
          from: { email: message.from },
          subject: message.subject,
          content: [
            { type: 'text/plain', value: message.text },
            ...(message.html !== undefined ? [{ type: 'text/html', value: message.html }] : []),
          ],
        }),
        signal: AbortSignal.timeout(15_000),
      });
      // The body may echo the request; only the status leaves this function.
      if (!res.ok) throw new Error(`SendGrid mail/send answered ${res.status}`);
    },
  };
}

/** The sandbox mailbox: stored in the database, so it survives a restart of the embedded server. */
export function createSandboxMailTransport(db: Executor): MailTransport {
  return {
    kind: 'sandbox',
    async send(message) {
      await db.insert(sandboxMail).values({
        fromAddress: message.from,
        toAddress: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html ?? null,
      });
    },
  };
}
