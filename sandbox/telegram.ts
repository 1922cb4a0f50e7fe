import type { FastifyInstance, FastifyReply } from 'fastify';
import { applyKnobs, type SandboxContext } from './context.js';

/**
 * Telegram Bot API emulator: `getMe`, `setWebhook` (with `secret_token`), `sendMessage`, and
 * updates posted to the webhook with `X-Telegram-Bot-Api-Secret-Token`. A token containing
 * `revoked` is unauthorized; chat id `403` has blocked the bot. `getWebhookInfo` answers what is
 * set (an empty URL when nothing is). Webhooks and the id counters are kept in `ctx.store`: Telegram
 * keeps a bot's webhook, and update and message ids never repeat (we deduplicate on them).
 */
const TOKEN = /^\d+:[A-Za-z0-9_-]+$/;
const SECRET = /^[A-Za-z0-9_-]{1,256}$/;

const tgError = (reply: FastifyReply, status: number, description: string, retryAfter?: number) =>
  reply.status(status).send({
    ok: false,
    error_code: status,
    description,
    ...(retryAfter !== undefined && { parameters: { retry_after: retryAfter } }),
  });

interface Hook {
  url: string;
  secret: string | null;
}

interface Saved {
  hooks: [string, Hook][];
  updateId: number;
  messageId: number;
}

export function telegramEmulator(ctx: SandboxContext) {
  const saved = ctx.store.read('telegram') as Saved | undefined;
  const hooks = new Map<string, Hook>(saved?.hooks);
  let updateId = saved?.updateId ?? 100_000;
  let messageId = saved?.messageId ?? 1;
  ctx.store.track('telegram', (): Saved => ({ hooks: [...hooks], updateId, messageId }));

  return async (app: FastifyInstance) => {
    applyKnobs(app, ctx, (reply, status) =>
      status === 429
        ? tgError(
            reply,
            429,
            `Too Many Requests: retry after ${ctx.knobs.retryAfterSeconds}`,
            ctx.knobs.retryAfterSeconds,
          )
        : tgError(reply, 502, 'Bad Gateway'),
    );

    app.post<{
      Params: { token: string; method: string };
      Body: Record<string, unknown> | undefined;
    }>('/bot:token/:method', async (request, reply) => {
      const { token, method } = request.params;
      if (!TOKEN.test(token) || token.includes('revoked'))
        return tgError(reply, 401, 'Unauthorized');
      const body = request.body ?? {};
      const botId = Number(token.split(':')[0]);
      switch (method) {
        case 'getMe':
          return {
            ok: true,
            result: {
              id: botId,
              is_bot: true,
              first_name: 'Sandbox Bot',
              username: `sandbox_${botId}_bot`,
            },
          };
        case 'setWebhook': {
          const url = typeof body.url === 'string' ? body.url : '';
          const secret = typeof body.secret_token === 'string' ? body.secret_token : null;
          if (!/^https?:\/\//.test(url))
            return tgError(
              reply,
              400,
              'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
            );
          if (secret !== null && !SECRET.test(secret))
            return tgError(reply, 400, 'Bad Request: secret token contains unallowed characters');
          hooks.set(token, { url, secret });
          ctx.store.changed(true);
          return { ok: true, result: true, description: 'Webhook was set' };
        }
        case 'deleteWebhook':
          hooks.delete(token);
          ctx.store.changed(true);
          return { ok: true, result: true, description: 'Webhook was deleted' };
        case 'getWebhookInfo':
          return {
            ok: true,
            result: {
              url: hooks.get(token)?.url ?? '',
              has_custom_certificate: false,
              pending_update_count: 0,
            },
          };
        case 'sendMessage': {
          const chatId = String(body.chat_id ?? '');
          if (!chatId || typeof body.text !== 'string' || !body.text)
            return tgError(reply, 400, 'Bad Request: message text is empty');
          if (chatId === '403')
            return tgError(reply, 403, 'Forbidden: bot was blocked by the user');
          ctx.accepted.telegram = (ctx.accepted.telegram ?? 0) + 1;
          ctx.store.changed();
          if (ctx.failAfterAccept()) {
            messageId++;
            return tgError(reply, 500, 'Internal Server Error');
          }
          return {
            ok: true,
            result: {
              message_id: messageId++,
              date: Math.floor(Date.now() / 1000),
              chat: { id: Number(chatId) || chatId, type: 'private' },
              text: body.text,
            },
          };
        }
        default:
          return tgError(reply, 404, 'Not Found: method not found');
      }
    });

    /** Simulates a person writing to the bot: an Update posted to the registered webhook. */
    app.post<{ Body: { botToken: string; chatId: number; text: string } }>(
      '/_inbound',
      async (request, reply) => {
        const hook = hooks.get(request.body.botToken);
        if (!hook) return reply.status(409).send({ error: 'no webhook set for this bot' });
        const id = updateId++;
        ctx.store.changed();
        const update = {
          update_id: id,
          message: {
            message_id: messageId++,
            from: {
              id: request.body.chatId,
              is_bot: false,
              first_name: 'Sandbox',
              language_code: 'en',
            },
            chat: { id: request.body.chatId, first_name: 'Sandbox', type: 'private' },
            date: Math.floor(Date.now() / 1000),
            text: request.body.text,
          },
        };
        ctx.callback({
          url: hook.url,
          headers: {
            'content-type': 'application/json',
            ...(hook.secret && { 'x-telegram-bot-api-secret-token': hook.secret }),
          },
          body: JSON.stringify(update),
        });
        return { update_id: id };
      },
    );
  };
}
