import { createHmac, randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyKnobs, randomId, type SandboxContext } from './context.js';

/**
 * Instagram Messaging (Graph API) emulator: `GET /{version}/me`, the Send API
 * `POST /{version}/{ig-user-id}/messages`, and webhook notifications signed with
 * `X-Hub-Signature-256` for the app subscribed via `/_subscribe`. Subscribing performs Meta's
 * verification handshake first (`GET callback?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…`,
 * which must answer the challenge), as the app dashboard does; `GET /{version}/me/subscribed_apps`
 * lists the subscription (none: an empty list). A token containing `revoked` is an expired token
 * (code 190); recipient `551` is unavailable. Subscriptions are kept in `ctx.store`.
 */
const graphError = (
  reply: FastifyReply,
  status: number,
  code: number,
  message: string,
  type = 'OAuthException',
) => reply.status(status).send({ error: { message, type, code, fbtrace_id: randomId(8) } });

interface Subscription {
  appSecret: string;
  callbackUrl: string;
  igUserId: string;
}

export function instagramEmulator(ctx: SandboxContext) {
  const saved = ctx.store.read('instagram') as { apps: [string, Subscription][] } | undefined;
  const apps = new Map<string, Subscription>(saved?.apps);
  ctx.store.track('instagram', () => ({ apps: [...apps] }));

  /** Meta's handshake: our endpoint must echo the challenge for the verify token it was given. */
  async function verifyCallback(callbackUrl: string, verifyToken: string) {
    const challenge = String(randomInt(1, 2 ** 31));
    const url = new URL(callbackUrl);
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.challenge', challenge);
    url.searchParams.set('hub.verify_token', verifyToken);
    const answer = await ctx
      .call({ method: 'GET', url: url.toString(), headers: {}, body: '' })
      .catch(() => ({ status: 0, body: '' }));
    return answer.status === 200 && answer.body === challenge
      ? null
      : `HTTP Status Code = ${answer.status}; the response did not match the challenge`;
  }

  const token = (request: FastifyRequest) =>
    (request.headers.authorization ?? '').replace(/^Bearer /, '') ||
    ((request.query as Record<string, string>).access_token ?? '');

  function notify(pageToken: string, messaging: Record<string, unknown>) {
    const sub = apps.get(pageToken);
    if (!sub) return;
    const body = JSON.stringify({
      object: 'instagram',
      entry: [{ time: Date.now(), id: sub.igUserId, messaging: [messaging] }],
    });
    ctx.callback({
      url: sub.callbackUrl,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', sub.appSecret).update(body).digest('hex')}`,
      },
      body,
    });
  }

  return async (app: FastifyInstance) => {
    applyKnobs(app, ctx, (reply, status) =>
      status === 429
        ? graphError(reply, 429, 4, 'Application request limit reached')
        : graphError(
            reply,
            503,
            2,
            'An unexpected error has occurred. Please retry your request later.',
          ),
    );

    app.addHook('preHandler', async (request, reply) => {
      if (request.url.includes('/_')) return;
      const t = token(request);
      if (!t || t.includes('revoked'))
        return graphError(reply, 400, 190, 'Error validating access token: Session has expired.');
    });

    app.get<{ Params: { version: string } }>('/:version/me', async (request) => ({
      id: `1784${randomId(6).replace(/\D/g, '1').slice(0, 11)}`,
      name: 'Sandbox Instagram account',
      ...(request.params.version ? {} : {}),
    }));

    app.post<{
      Params: { version: string; igUserId: string };
      Body: { recipient?: { id?: string }; message?: { text?: string } };
    }>('/:version/:igUserId/messages', async (request, reply) => {
      const recipient = request.body?.recipient?.id;
      if (!recipient || !request.body?.message?.text)
        return graphError(reply, 400, 100, 'Invalid parameter');
      if (recipient === '551')
        return graphError(reply, 400, 551, "This person isn't available right now.");
      const mid = `m_${randomId(12)}`;
      notify(token(request), {
        sender: { id: recipient },
        recipient: { id: request.params.igUserId },
        timestamp: Date.now(),
        read: { mid },
      });
      return { recipient_id: recipient, message_id: mid };
    });

    app.get('/:version/me/subscribed_apps', async (request) => {
      const sub = apps.get(token(request));
      return {
        data: sub
          ? [{ id: 'sandbox-app', name: 'Switchboard (sandbox)', subscribed_fields: ['messages'] }]
          : [],
      };
    });

    /**
     * The app dashboard's webhook subscription: where notifications go and what signs them. Meta
     * verifies the callback URL before it subscribes; a failed handshake subscribes nothing.
     */
    app.post<{
      Body: {
        pageAccessToken: string;
        appSecret: string;
        callbackUrl: string;
        verifyToken: string;
        igUserId: string;
      };
    }>('/_subscribe', async (request, reply) => {
      const b = request.body;
      if (!b?.pageAccessToken || !b.callbackUrl || !b.verifyToken)
        return graphError(reply, 400, 100, 'Invalid parameter');
      const failed = await verifyCallback(b.callbackUrl, b.verifyToken);
      if (failed) {
        return graphError(
          reply,
          400,
          2200,
          `(#2200) Callback verification failed with the following errors: ${failed}`,
          'GraphMethodException',
        );
      }
      apps.set(b.pageAccessToken, {
        appSecret: b.appSecret,
        callbackUrl: b.callbackUrl,
        igUserId: b.igUserId,
      });
      ctx.store.changed(true);
      return { success: true };
    });

    /** Simulates a person sending a direct message. */
    app.post<{ Body: { pageAccessToken: string; senderId: string; text: string } }>(
      '/_inbound',
      async (request, reply) => {
        const sub = apps.get(request.body.pageAccessToken);
        if (!sub) return reply.status(409).send({ error: 'no subscription for this token' });
        const mid = `aWdf${randomId(12)}`;
        notify(request.body.pageAccessToken, {
          sender: { id: request.body.senderId },
          recipient: { id: sub.igUserId },
          timestamp: Date.now(),
          message: { mid, text: request.body.text },
        });
        return { mid };
      },
    );
  };
}
