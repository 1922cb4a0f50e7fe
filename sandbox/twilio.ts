import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptForms, applyKnobs, randomId, trimOldest, type SandboxContext } from './context.js';

/**
 * Twilio Programmable Messaging emulator: `Messages.json` (send, fetch), the Account resource,
 * and signed status callbacks queued → sent → delivered | undelivered | failed.
 * Scripted recipients (last four digits): 0021 → failed 21610 (STOP-ed number),
 * 0030 → undelivered 30003 (unreachable), 0040 → refused at send (400, 21614 not a mobile
 * number); anything else is delivered. `GET Messages.json?To=&From=` lists sent messages, newest
 * first (how a lost answer is reconciled). Messages are kept in `ctx.store`, so a status lookup
 * after a restart still finds them (in their final state: their callbacks were due long ago).
 */
interface Message {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  errorCode: number | null;
  createdAt: Date;
  /** Where the script ends, applied on reload when the timers that move it there are gone. */
  final: { status: string; errorCode: number | null };
}

type SavedMessage = Omit<Message, 'createdAt'> & { createdAt: string };

/** X-Twilio-Signature: base64 HMAC-SHA1(auth token, URL + sorted name+value pairs). */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>) {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

const twilioError = (reply: FastifyReply, status: number, code: number, message: string) =>
  reply
    .status(status)
    .send({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

function authenticate(request: FastifyRequest, reply: FastifyReply, accountSid: string) {
  const header = request.headers.authorization ?? '';
  const [user, token] = Buffer.from(header.replace(/^Basic /, ''), 'base64')
    .toString()
    .split(':');
  if (
    !header.startsWith('Basic ') ||
    !user ||
    !token ||
    user !== accountSid ||
    !/^AC\w{32}$/.test(user) ||
    token.includes('revoked')
  ) {
    twilioError(reply, 401, 20003, 'Authenticate');
    return undefined;
  }
  return token;
}

function outcome(to: string): { status: string; errorCode: number | null } {
  if (to.endsWith('0021')) return { status: 'failed', errorCode: 21610 };
  if (to.endsWith('0030')) return { status: 'undelivered', errorCode: 30003 };
  return { status: 'delivered', errorCode: null };
}

export function twilioEmulator(ctx: SandboxContext) {
  const saved = (ctx.store.read('twilio') as { messages: SavedMessage[] } | undefined)?.messages;
  const messages = new Map<string, Message>(
    (saved ?? []).map((m) => [
      m.sid,
      { ...m, ...m.final, createdAt: new Date(m.createdAt) } satisfies Message,
    ]),
  );
  ctx.store.track('twilio', () => ({ messages: [...messages.values()] }));
  const view = (m: Message) => ({
    sid: m.sid,
    account_sid: m.accountSid,
    to: m.to,
    from: m.from,
    body: m.body,
    status: m.status,
    error_code: m.errorCode,
    error_message: null,
    date_created: m.createdAt.toUTCString(),
    api_version: '2010-04-01',
    uri: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`,
  });

  function statusCallback(
    url: string,
    token: string,
    m: Message,
    status: string,
    errorCode: number | null,
    delay: number,
  ) {
    const params: Record<string, string> = {
      AccountSid: m.accountSid,
      ApiVersion: '2010-04-01',
      From: m.from,
      MessageSid: m.sid,
      MessageStatus: status,
      SmsSid: m.sid,
      SmsStatus: status,
      To: m.to,
      ...(errorCode !== null && { ErrorCode: String(errorCode) }),
    };
    ctx.callback(
      {
        url,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSignature(token, url, params),
        },
        body: new URLSearchParams(params).toString(),
      },
      delay,
    );
  }

  return async (app: FastifyInstance) => {
    acceptForms(app);
    applyKnobs(app, ctx, (reply, status) =>
      status === 429
        ? twilioError(reply, 429, 20429, 'Too Many Requests')
        : twilioError(reply, 503, 20500, 'Service Unavailable'),
    );

    app.post<{ Params: { sid: string }; Body: Record<string, string> }>(
      '/2010-04-01/Accounts/:sid/Messages.json',
      async (request, reply) => {
        const token = authenticate(request, reply, request.params.sid);
        if (!token) return reply;
        const {
          To: to,
          Body: body,
          From: from,
          MessagingServiceSid: service,
          StatusCallback: callbackUrl,
        } = request.body ?? {};
        if (!to) return twilioError(reply, 400, 21604, "A 'To' phone number is required.");
        if (!body) return twilioError(reply, 400, 21602, 'Message body is required.');
        if (!from && !service)
          return twilioError(reply, 400, 21603, "A 'From' phone number is required.");
        if (!/^(whatsapp:)?\+[1-9]\d{6,14}$/.test(to)) {
          return twilioError(
            reply,
            400,
            21211,
            `The 'To' number ${to} is not a valid phone number.`,
          );
        }
        if (to.endsWith('0040')) {
          return twilioError(reply, 400, 21614, `'To' number ${to} is not a valid mobile number`);
        }
        const m: Message = {
          createdAt: new Date(),
          sid: `SM${randomId()}`,
          accountSid: request.params.sid,
          to,
          from: from ?? service!,
          body,
          status: 'queued',
          errorCode: null,
          final: outcome(to.replace(/^whatsapp:/, '')),
        };
        messages.set(m.sid, m);
        trimOldest(messages);
        ctx.store.changed();
        const { final } = m;
        const steps: [string, number | null][] =
          final.status === 'failed'
            ? [['failed', final.errorCode]]
            : [
                ['sent', null],
                [final.status, final.errorCode],
              ];
        steps.forEach(([status, code], i) => {
          setTimeout(
            () => {
              m.status = status;
              m.errorCode = code;
            },
            ctx.knobs.callbackDelayMs * (i + 1),
          ).unref();
          if (callbackUrl)
            statusCallback(callbackUrl, token, m, status, code, ctx.knobs.callbackDelayMs * i);
        });
        if (callbackUrl) statusCallback(callbackUrl, token, m, 'queued', null, 0);
        ctx.accepted.twilio = (ctx.accepted.twilio ?? 0) + 1;
        if (ctx.failAfterAccept()) return twilioError(reply, 500, 20500, 'Internal Server Error');
        return reply.status(201).send(view(m));
      },
    );

    app.get<{ Params: { sid: string }; Querystring: Record<string, string> }>(
      '/2010-04-01/Accounts/:sid/Messages.json',
      async (request, reply) => {
        if (!authenticate(request, reply, request.params.sid)) return reply;
        const { To: to, From: from, PageSize: size } = request.query;
        const found = [...messages.values()]
          .filter(
            (m) =>
              m.accountSid === request.params.sid &&
              (!to || m.to === to) &&
              (!from || m.from === from),
          )
          .reverse()
          .slice(0, Math.min(1000, Number(size ?? 50)));
        return { messages: found.map(view), page: 0, page_size: found.length };
      },
    );

    app.get<{ Params: { sid: string; msid: string } }>(
      '/2010-04-01/Accounts/:sid/Messages/:msid.json',
      async (request, reply) => {
        if (!authenticate(request, reply, request.params.sid)) return reply;
        const m = messages.get(request.params.msid);
        if (!m || m.accountSid !== request.params.sid) {
          return twilioError(reply, 404, 20404, 'The requested resource was not found');
        }
        return view(m);
      },
    );

    app.get<{ Params: { sid: string } }>(
      '/2010-04-01/Accounts/:sid.json',
      async (request, reply) => {
        const sid = request.params.sid.replace(/\.json$/, '');
        if (!authenticate(request, reply, sid)) return reply;
        return { sid, friendly_name: 'Sandbox account', status: 'active', type: 'Full' };
      },
    );

    /** Simulates a person texting the number: a signed inbound webhook to `url`. */
    app.post<{
      Body: {
        accountSid: string;
        authToken: string;
        url: string;
        from: string;
        to: string;
        body: string;
      };
    }>('/_inbound', async (request) => {
      const b = request.body;
      const sid = `SM${randomId()}`;
      const params: Record<string, string> = {
        AccountSid: b.accountSid,
        ApiVersion: '2010-04-01',
        Body: b.body,
        From: b.from,
        MessageSid: sid,
        NumMedia: '0',
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: 'received',
        To: b.to,
      };
      ctx.callback({
        url: b.url,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSignature(b.authToken, b.url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      return { sid };
    });
  };
}
