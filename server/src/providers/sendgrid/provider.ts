import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { credential, edgeField, headerOf, optionalEdgeField } from '../edge.js';
import type { ProviderDefinition } from '../provider.js';
import {
  configureEventWebhook,
  findByCustomArg,
  getEventWebhookSettings,
  SENDGRID_API,
  sendEmail,
  testConnection,
} from './client.js';
import { parseEvents } from './parse.js';
import {
  isValidPublicKey,
  parsePublicKey,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyEventWebhook,
} from './verify.js';

/** The custom_args key SendGrid echoes on every event and matches in the activity lookup. */
export const SENDGRID_REF = 'sb_message_id';

// Parsing a SPKI key costs more than verifying: keep the parsed keys of recent integrations.
const keyCache = new Map<string, KeyObject | undefined>();
function publicKey(base64: string) {
  if (!keyCache.has(base64)) {
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(base64, parsePublicKey(base64));
  }
  return keyCache.get(base64);
}

export const sendgrid: ProviderDefinition = {
  name: 'sendgrid',
  label: 'SendGrid',
  apiBaseUrl: SENDGRID_API,
  defaultChannel: 'email',
  channels: () => ['email'],
  credentials: z.strictObject({
    apiKey: z
      .string()
      .regex(/^SG\.[A-Za-z0-9_.-]{3,200}$/, 'must be a SendGrid API key (starts with "SG.")'),
    webhookPublicKey: z
      .string()
      .refine(
        isValidPublicKey,
        'must be the Event Webhook verification key (base64, as shown by SendGrid)',
      )
      .optional(),
  }),
  settings: z.strictObject({
    fromEmail: z.email('must be a valid email address'),
    fromName: z.string().max(120).optional(),
  }),
  createBody: {
    credentials: z.strictObject({
      apiKey: edgeField,
      webhookPublicKey: optionalEdgeField.describe(
        'Event Webhook verification key (base64); optional in the sandbox',
      ),
    }),
    settings: z.strictObject({ fromEmail: edgeField, fromName: optionalEdgeField }),
  },
  // In the sandbox the emulator's key is fetched at registration; elsewhere it must be given.
  checkCredentials: (credentials, { sandbox }) =>
    !sandbox && !credentials.webhookPublicKey
      ? [
          {
            path: 'credentials.webhookPublicKey',
            message: 'is required: Switchboard verifies every SendGrid event with it',
          },
        ]
      : [],
  secretFields: ['apiKey', 'webhookPublicKey'],
  messages: {
    auth_failed:
      'SendGrid rejected the API key. Create a key with Mail Send permission and paste it again.',
    permission_denied:
      'This SendGrid API key cannot send mail. Give it the Mail Send permission (or create a new key with it) and paste it again.',
  },

  connection: { test: (i) => testConnection(i.endpoint, { apiKey: credential(i, 'apiKey') }) },

  callbacks: {
    routes: [{ purpose: 'events', suffix: '', summary: 'SendGrid Event Webhook (ECDSA-signed)' }],
    rejectStatus: 401,
    keptHeaders: [SIGNATURE_HEADER, TIMESTAMP_HEADER],
    verify(secrets, req) {
      const key = secrets.credentials.webhookPublicKey
        ? publicKey(secrets.credentials.webhookPublicKey)
        : undefined;
      if (!key) return false;
      return verifyEventWebhook({
        publicKey: key,
        signature: headerOf(req.headers, SIGNATURE_HEADER),
        timestamp: headerOf(req.headers, TIMESTAMP_HEADER),
        rawBody: req.rawBody,
        ...(req.now !== undefined && { now: req.now }),
      }).ok;
    },
    parse: (req) =>
      parseEvents(req.rawBody)?.map((e) => ({ providerEventId: e.providerEventId, event: e })),
    accountWide: true,
  },

  // In production the user turns the signed Event Webhook on in SendGrid; the sandbox does it.
  registration: {
    sandboxOnly: true,
    callsBack: false,
    async register(i, urls) {
      const res = await configureEventWebhook(
        i.endpoint,
        { apiKey: credential(i, 'apiKey') },
        urls.events!,
      );
      return res.ok
        ? { ...res, value: { credentials: { webhookPublicKey: res.value.publicKey } } }
        : res;
    },
    async status(i, urls) {
      const res = await getEventWebhookSettings(i.endpoint, { apiKey: credential(i, 'apiKey') });
      return res.ok
        ? { ...res, value: { registered: res.value.enabled && res.value.url === urls.events } }
        : res;
    },
  },

  send: {
    deliveryReports: true,
    sender(i) {
      const creds = { apiKey: credential(i, 'apiKey') };
      return {
        // The activity feed takes a while to show a message; the sandbox's is immediate.
        lookupLagMs: i.sandbox ? 0 : 120_000,
        send: (m) =>
          sendEmail(i.endpoint, creds, {
            to: m.address,
            from: {
              email: i.settings.fromEmail ?? '',
              ...(i.settings.fromName && { name: i.settings.fromName }),
            },
            subject: m.content.subject ?? '',
            ...(m.content.text !== undefined && { text: m.content.text }),
            ...(m.content.html !== undefined && { html: m.content.html }),
            customArgs: { [SENDGRID_REF]: m.id },
            unsubscribeUrl: m.unsubscribeUrl,
          }),
        lookup: async (m) => {
          const res = await findByCustomArg(i.endpoint, creds, SENDGRID_REF, m.id);
          if (!res.ok) return res;
          return {
            ...res,
            value: res.value
              ? { found: true, providerMessageId: res.value.providerMessageId }
              : { found: false },
          };
        },
      };
    },
    // A `dropped` event: SendGrid refused to send to an address that failed before.
    failureReason: () => ({
      code: 'dropped',
      text: 'SendGrid did not send the message (the address bounced, unsubscribed or complained earlier).',
    }),
  },
};
