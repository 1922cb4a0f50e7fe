import { z } from 'zod';
import { credential, edgeField, headerOf } from '../edge.js';
import type { ProviderDefinition } from '../provider.js';
import { getMe, getWebhookInfo, sendMessage, setWebhook, TELEGRAM_API } from './client.js';
import { generateSecretToken, parseUpdate, SECRET_HEADER, verifySecretToken } from './parse.js';

const botOf = (i: { credentials: Record<string, string> }) => ({
  botToken: credential(i, 'botToken'),
});

export const telegram: ProviderDefinition = {
  name: 'telegram',
  label: 'Telegram',
  apiBaseUrl: TELEGRAM_API,
  defaultChannel: 'telegram',
  channels: () => ['telegram'],
  credentials: z.strictObject({
    botToken: z
      .string()
      .regex(
        /^\d{1,20}:[A-Za-z0-9_-]{10,100}$/,
        'must be a bot token from @BotFather (123456:ABC…)',
      ),
  }),
  settings: z.strictObject({}),
  createBody: {
    credentials: z.strictObject({ botToken: edgeField }),
    settings: z.strictObject({}).default({}),
  },
  secretFields: ['botToken'],
  // Telegram presents our secret token on every update (`X-Telegram-Bot-Api-Secret-Token`).
  webhookSecret: { generate: generateSecretToken, shownToAdmins: false },
  messages: {
    auth_failed:
      'Telegram does not recognise this bot token. Copy the token from @BotFather again (or generate a new one with /token) and save.',
  },

  connection: { test: (i) => getMe(i.endpoint, botOf(i)) },

  callbacks: {
    routes: [{ purpose: 'updates', suffix: '', summary: 'Telegram Bot API updates' }],
    rejectStatus: 403,
    keptHeaders: [],
    verify: (secrets, req) =>
      !!secrets.webhookSecret &&
      verifySecretToken(secrets.webhookSecret, headerOf(req.headers, SECRET_HEADER)),
    parse(req) {
      const update = parseUpdate(req.rawBody);
      if (!update) return undefined;
      // Updates without a message are kept for dedupe only.
      return update.events.length
        ? update.events.map((e) => ({ providerEventId: e.providerEventId, event: e }))
        : [{ providerEventId: update.updateId, event: null }];
    },
    accountWide: false,
  },

  // The Bot API delivers updates only to the webhook set with `setWebhook`.
  registration: {
    sandboxOnly: false,
    callsBack: false,
    async register(i, urls) {
      const res = await setWebhook(i.endpoint, botOf(i), {
        url: urls.updates!,
        secretToken: i.webhookSecret ?? '',
      });
      return res.ok ? { ...res, value: {} } : res;
    },
    async status(i, urls) {
      const res = await getWebhookInfo(i.endpoint, botOf(i));
      return res.ok ? { ...res, value: { registered: res.value.url === urls.updates } } : res;
    },
  },

  send: {
    // The Bot API has no delivery reports: `sent` is the last status (decision 011).
    deliveryReports: false,
    sender: (i) => ({
      lookupLagMs: 0,
      send: (m) =>
        sendMessage(i.endpoint, botOf(i), {
          chatId: m.address,
          text: m.content.text ?? m.content.html ?? '',
        }),
    }),
  },
};
