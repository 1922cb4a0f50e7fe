import { z } from 'zod';
import { credential, E164, edgeField, headerOf, optionalEdgeField } from '../edge.js';
import type { Connected, OutboundMessage, ProviderDefinition } from '../provider.js';
import {
  fetchMessageStatus,
  listMessages,
  sendMessage,
  testConnection,
  TWILIO_API,
} from './client.js';
import { parseInbound, parseStatusCallback } from './parse.js';
import { TWILIO_OPTED_OUT, TWILIO_REASONS } from './reasons.js';
import {
  parseForm,
  SIGNATURE_HEADER,
  validateFormRequest,
  validateJsonRequest,
  type FormParams,
} from './signature.js';

const TWILIO_CLOCK_SKEW_MS = 5 * 60_000;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

// The form body is needed by both verification and parsing: parse it once per request.
const forms = new WeakMap<Buffer, FormParams>();
function formOf(rawBody: Buffer): FormParams {
  let params = forms.get(rawBody);
  if (!params) {
    params = parseForm(rawBody);
    forms.set(rawBody, params);
  }
  return params;
}

const credsOf = (i: Connected) => ({
  accountSid: credential(i, 'accountSid'),
  authToken: credential(i, 'authToken'),
});

/** WhatsApp goes through the same API with `whatsapp:` addresses and its own sender. */
function route(i: Connected, m: OutboundMessage) {
  const whatsapp = m.channel === 'whatsapp';
  return {
    to: whatsapp ? `whatsapp:${m.address}` : m.address,
    from: whatsapp
      ? `whatsapp:${i.settings.whatsappFrom ?? ''}`
      : i.settings.messagingServiceSid
        ? undefined
        : i.settings.fromNumber,
  };
}

const textOf = (m: OutboundMessage) => m.content.text ?? m.content.html ?? '';

export const twilio: ProviderDefinition = {
  name: 'twilio',
  label: 'Twilio',
  apiBaseUrl: TWILIO_API,
  defaultChannel: 'sms',
  // WhatsApp when a WhatsApp sender is set.
  channels: (settings) => (settings.whatsappFrom ? ['sms', 'whatsapp'] : ['sms']),
  credentials: z.strictObject({
    accountSid: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'must be an Account SID (AC followed by 32 hex digits)'),
    authToken: z
      .string()
      .regex(/^[A-Za-z0-9]{16,64}$/, 'must be the Auth Token from the Twilio console'),
  }),
  settings: z
    .strictObject({
      fromNumber: z
        .string()
        .regex(E164, 'must be a phone number in E.164 form, e.g. +14155550100')
        .optional(),
      messagingServiceSid: z
        .string()
        .regex(
          /^MG[0-9a-fA-F]{32}$/,
          'must be a Messaging Service SID (MG followed by 32 hex digits)',
        )
        .optional(),
      whatsappFrom: z.string().regex(E164, 'must be a phone number in E.164 form').optional(),
    })
    .refine((s) => !!s.fromNumber !== !!s.messagingServiceSid, {
      message: 'give either a sender number or a Messaging Service SID',
      path: ['fromNumber'],
    }),
  createBody: {
    credentials: z.strictObject({ accountSid: edgeField, authToken: edgeField }),
    settings: z.strictObject({
      fromNumber: optionalEdgeField,
      messagingServiceSid: optionalEdgeField,
      whatsappFrom: optionalEdgeField,
    }),
  },
  secretFields: ['accountSid', 'authToken'],
  messages: {
    auth_failed:
      'Twilio rejected the Account SID or Auth Token. Copy both from the Twilio Console (Account Info) and save again.',
    permission_denied:
      'The Twilio account is not active (suspended or closed). Reactivate it in the Twilio Console.',
  },

  connection: { test: (i) => testConnection(i.endpoint, credsOf(i)) },

  callbacks: {
    routes: [
      { purpose: 'status', suffix: '/status', summary: 'Twilio message status callback' },
      {
        purpose: 'inbound',
        suffix: '/inbound',
        summary: 'Twilio incoming message',
        reply: { contentType: 'text/xml', body: EMPTY_TWIML },
      },
    ],
    rejectStatus: 401,
    keptHeaders: [SIGNATURE_HEADER, 'i-twilio-idempotency-token'],
    verify(secrets, req) {
      const token = secrets.credentials.authToken ?? '';
      const signature = headerOf(req.headers, SIGNATURE_HEADER);
      const type = headerOf(req.headers, 'content-type') ?? '';
      return type.startsWith('application/json')
        ? validateJsonRequest(token, signature, req.url, req.rawBody)
        : validateFormRequest(token, signature, req.url, formOf(req.rawBody));
    },
    parse(req) {
      const params = formOf(req.rawBody);
      const events = req.purpose === 'inbound' ? parseInbound(params) : parseStatusCallback(params);
      return events.length
        ? events.map((e) => ({ providerEventId: e.providerEventId, event: e }))
        : undefined;
    },
    accountWide: false,
  },

  send: {
    deliveryReports: true,
    sender(i, { webhookUrls }) {
      const creds = credsOf(i);
      return {
        lookupLagMs: 0,
        send: (m) => {
          const { to, from } = route(i, m);
          return sendMessage(i.endpoint, creds, {
            to,
            ...(from ? { from } : { messagingServiceSid: i.settings.messagingServiceSid }),
            body: textOf(m),
            statusCallback: webhookUrls.status,
          });
        },
        // Twilio cannot look a message up by our reference: the recent messages to the number
        // (from our sender) with exactly this body, created since the attempt started.
        lookup: async (m) => {
          const { to, from } = route(i, m);
          const res = await listMessages(i.endpoint, creds, { to, from, pageSize: 50 });
          if (!res.ok) return res;
          const since = m.attemptStartedAt.getTime() - TWILIO_CLOCK_SKEW_MS;
          const matches = res.value.filter(
            (x) => x.body === textOf(m) && (!x.dateCreated || x.dateCreated.getTime() >= since),
          );
          if (matches.length > 1) {
            return {
              ok: false,
              latencyMs: res.latencyMs,
              error: {
                kind: 'permanent',
                class: 'unexpected_response',
                detail: `${matches.length} messages match; cannot tell which is ours`,
              },
            };
          }
          return {
            ...res,
            value: matches[0]
              ? { found: true, providerMessageId: matches[0].sid }
              : { found: false },
          };
        },
      };
    },
    statusLookup: (i, providerMessageId) =>
      fetchMessageStatus(i.endpoint, credsOf(i), providerMessageId),
    failureReason: (errorCode) => (errorCode ? TWILIO_REASONS[errorCode] : undefined),
    optedOutErrorCode: TWILIO_OPTED_OUT,
  },
};
