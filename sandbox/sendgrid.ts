import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  applyKnobs,
  MAX_KEPT_EMAILS,
  MAX_KEPT_MESSAGES,
  randomId,
  type SandboxContext,
} from './context.js';

/**
 * SendGrid v3 emulator: mail send (202 + X-Message-Id), `/v3/scopes`, the Event Webhook settings
 * (URL, and signing, which returns the verification public key) and signed event callbacks:
 * processed → delivered, or bounce / deferred / spam report for scripted local parts
 * (`bounce…@`, `deferred…@`, `spam…@`). Scripted at send: `reject…@` is refused (400),
 * `flaky…@` gets a 503 on its first send. An API key containing `revoked` is rejected; one
 * containing `noscope` lacks `mail.send`. The Email Activity lookup
 * (`GET /v3/messages?query=unique_args['k']="v"`) finds sent messages by their `custom_args`.
 * `headers` (top level or per personalization) must map names to strings, as SendGrid checks;
 * accepted emails are kept in `ctx.emails` with them. The Event Webhook settings (URL, signing
 * key) and the sent messages the lookup answers for are kept in `ctx.store`, as SendGrid keeps
 * them: the verification key a user pasted stays valid across restarts.
 */
interface Account {
  webhookUrl: string | null;
  privateKey: KeyObject | null;
}

const sgError = (
  reply: FastifyReply,
  status: number,
  message: string,
  field: string | null = null,
) => reply.status(status).send({ errors: [{ message, field, help: null }] });

interface SentEmail {
  msgId: string;
  key: string;
  to: string;
  custom: Record<string, unknown>;
}

/** The part of the emulator's state that survives a restart. */
interface Saved {
  accounts: [string, { webhookUrl: string | null; privateKey: string | null }][];
  sent: SentEmail[];
  flakySeen: string[];
}

export function sendgridEmulator(ctx: SandboxContext) {
  const saved = ctx.store.read('sendgrid') as Saved | undefined;
  const accounts = new Map<string, Account>(
    (saved?.accounts ?? []).map(([key, a]) => [
      key,
      {
        webhookUrl: a.webhookUrl,
        privateKey: a.privateKey ? createPrivateKey(a.privateKey) : null,
      },
    ]),
  );
  const sent: SentEmail[] = saved?.sent ?? [];
  const flakySeen = new Set<string>(saved?.flakySeen);
  ctx.store.track('sendgrid', (): Saved => ({
    accounts: [...accounts].map(([key, a]) => [
      key,
      {
        webhookUrl: a.webhookUrl,
        privateKey: a.privateKey
          ? (a.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)
          : null,
      },
    ]),
    sent,
    flakySeen: [...flakySeen],
  }));
  const account = (key: string) => {
    let a = accounts.get(key);
    if (!a) accounts.set(key, (a = { webhookUrl: null, privateKey: null }));
    return a;
  };

  function apiKey(request: FastifyRequest, reply: FastifyReply): string | undefined {
    const key = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!key.startsWith('SG.') || key.includes('revoked')) {
      sgError(reply, 401, 'The provided authorization grant is invalid, expired, or revoked');
      return undefined;
    }
    return key;
  }

  /** Posts events the way SendGrid does: a JSON array, CRLF after each event, signed. */
  function postEvents(a: Account, events: Record<string, unknown>[], delay: number) {
    if (!a.webhookUrl) return;
    const body = `[${events.map((e) => JSON.stringify(e)).join(',\r\n')}]\r\n`;
    const timestamp = String(Math.floor(Date.now() / 1000) + Math.floor(delay / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (a.privateKey) {
      headers['x-twilio-email-event-webhook-timestamp'] = timestamp;
      headers['x-twilio-email-event-webhook-signature'] = sign(
        'sha256',
        Buffer.from(timestamp + body),
        { key: a.privateKey, dsaEncoding: 'der' },
      ).toString('base64');
    }
    ctx.callback({ url: a.webhookUrl, headers, body }, delay);
  }

  function script(email: string): { event: string; extra?: Record<string, unknown> }[] {
    const local = email.split('@')[0] ?? '';
    if (local.startsWith('bounce')) {
      return [
        {
          event: 'bounce',
          extra: { status: '5.1.1', reason: '550 5.1.1 User unknown', type: 'bounce' },
        },
      ];
    }
    if (local.startsWith('deferred'))
      return [{ event: 'deferred', extra: { response: '421 Try again later', attempt: '1' } }];
    if (local.startsWith('spam')) return [{ event: 'delivered' }, { event: 'spamreport' }];
    return [{ event: 'delivered', extra: { response: '250 OK' } }];
  }

  /** SendGrid's rule for `headers`: an object whose values are all strings. */
  const headersOf = (value: unknown): Record<string, string> | null => {
    if (value === undefined) return {};
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.every(([, v]) => typeof v === 'string')
      ? Object.fromEntries(entries as [string, string][])
      : null;
  };

  return async (app: FastifyInstance) => {
    applyKnobs(app, ctx, (reply, status) =>
      status === 429
        ? sgError(reply, 429, 'too many requests')
        : sgError(reply, 503, 'service unavailable'),
    );

    app.post<{ Body: Record<string, unknown> }>('/v3/mail/send', async (request, reply) => {
      const key = apiKey(request, reply);
      if (!key) return reply;
      const body = request.body ?? {};
      const personalizations = Array.isArray(body.personalizations)
        ? (body.personalizations as { to?: { email?: string }[]; headers?: unknown }[])
        : [];
      const recipients = personalizations
        .flatMap((p) => p.to ?? [])
        .map((t) => t.email)
        .filter((e): e is string => !!e);
      if (!recipients.length)
        return sgError(reply, 400, 'The personalizations field is required.', 'personalizations');
      if (!(body.from as { email?: string } | undefined)?.email)
        return sgError(reply, 400, 'The from object must be provided.', 'from');
      if (typeof body.subject !== 'string')
        return sgError(reply, 400, 'The subject is required.', 'subject');
      const topHeaders = headersOf(body.headers);
      if (!topHeaders) return sgError(reply, 400, 'Invalid type. Expected: string.', 'headers');
      const headerSets: Record<string, string>[] = [];
      for (const [i, p] of personalizations.entries()) {
        const h = headersOf(p.headers);
        if (!h) {
          return sgError(
            reply,
            400,
            'Invalid type. Expected: string.',
            `personalizations.${i}.headers`,
          );
        }
        headerSets.push(h);
      }
      const rejected = recipients.find((e) => e.startsWith('reject'));
      if (rejected) {
        return sgError(
          reply,
          400,
          'Does not contain a valid address.',
          'personalizations.0.to.0.email',
        );
      }
      const flaky = recipients.find((e) => e.startsWith('flaky') && !flakySeen.has(e));
      if (flaky) {
        flakySeen.add(flaky);
        ctx.store.changed();
        return sgError(reply, 503, 'service unavailable');
      }
      const messageId = randomId(11).slice(0, 22);
      const a = account(key);
      const custom = (body.custom_args ?? {}) as Record<string, unknown>;
      ctx.accepted.sendgrid = (ctx.accepted.sendgrid ?? 0) + recipients.length;
      const content = Array.isArray(body.content)
        ? (body.content as { type?: string; value?: string }[])
        : [];
      const part = (type: string) => content.find((c) => c.type === type)?.value;
      personalizations.forEach((p, i) => {
        for (const to of p.to ?? []) {
          if (!to.email) continue;
          ctx.emails.push({
            to: to.email,
            subject: body.subject as string,
            html: part('text/html'),
            text: part('text/plain'),
            headers: { ...topHeaders, ...headerSets[i] },
          });
        }
      });
      if (ctx.emails.length > MAX_KEPT_EMAILS) {
        ctx.emails.splice(0, ctx.emails.length - MAX_KEPT_EMAILS);
      }
      recipients.forEach((email, r) => {
        sent.push({ msgId: `${messageId}.sandbox-${r}`, key, to: email, custom });
        if (sent.length > MAX_KEPT_MESSAGES) sent.splice(0, sent.length - MAX_KEPT_MESSAGES);
        const base = (n: number) => ({
          email,
          timestamp: Math.floor(Date.now() / 1000),
          'smtp-id': `<${messageId}@sandbox.sendgrid.local>`,
          sg_event_id: Buffer.from(`${messageId}-${r}-${n}`).toString('base64url'),
          sg_message_id: `${messageId}.sandbox-${r}`,
          ...custom,
        });
        postEvents(a, [{ ...base(0), event: 'processed' }], 0);
        script(email).forEach((step, i) =>
          postEvents(
            a,
            [{ ...base(i + 1), event: step.event, ...step.extra }],
            ctx.knobs.callbackDelayMs * (i + 1),
          ),
        );
      });
      ctx.store.changed();
      if (ctx.failAfterAccept()) return sgError(reply, 500, 'internal server error');
      return reply.status(202).header('x-message-id', messageId).send('');
    });

    app.get<{ Querystring: { query?: string; limit?: string } }>(
      '/v3/messages',
      async (request, reply) => {
        const key = apiKey(request, reply);
        if (!key) return reply;
        const match = /^unique_args\['([^']+)'\]="([^"]*)"$/.exec(request.query.query ?? '');
        if (!match) return sgError(reply, 400, 'invalid query', 'query');
        const [, name, value] = match;
        const found = sent.filter((m) => m.key === key && String(m.custom[name!]) === value);
        return {
          messages: found.slice(0, Number(request.query.limit ?? 10)).map((m) => ({
            msg_id: m.msgId,
            to_email: m.to,
            status: 'delivered',
          })),
        };
      },
    );

    app.get('/v3/scopes', async (request, reply) => {
      const key = apiKey(request, reply);
      if (!key) return reply;
      return {
        scopes: key.includes('noscope')
          ? ['user.profile.read']
          : [
              'mail.send',
              'user.webhooks.event.settings.read',
              'user.webhooks.event.settings.update',
            ],
      };
    });

    const settings = (a: Account | undefined) => ({
      enabled: !!a?.webhookUrl,
      url: a?.webhookUrl ?? '',
      processed: !!a?.webhookUrl,
      delivered: !!a?.webhookUrl,
      bounce: !!a?.webhookUrl,
      deferred: !!a?.webhookUrl,
      spam_report: !!a?.webhookUrl,
    });

    /** An account nobody configured answers as SendGrid does: disabled, no URL. */
    app.get('/v3/user/webhooks/event/settings', async (request, reply) => {
      const key = apiKey(request, reply);
      if (!key) return reply;
      return settings(accounts.get(key));
    });

    app.patch<{ Body: { url?: string; enabled?: boolean } }>(
      '/v3/user/webhooks/event/settings',
      async (request, reply) => {
        const key = apiKey(request, reply);
        if (!key) return reply;
        const a = account(key);
        if (request.body?.url) a.webhookUrl = request.body.url;
        if (request.body?.enabled === false) a.webhookUrl = null;
        ctx.store.changed(true);
        return settings(a);
      },
    );

    app.patch<{ Body: { enabled?: boolean } }>(
      '/v3/user/webhooks/event/settings/signed',
      async (request, reply) => {
        const key = apiKey(request, reply);
        if (!key) return reply;
        const a = account(key);
        if (request.body?.enabled === false) {
          a.privateKey = null;
          ctx.store.changed(true);
          return { public_key: '' };
        }
        const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
        a.privateKey = pair.privateKey;
        ctx.store.changed(true);
        return {
          public_key: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
        };
      },
    );
  };
}
