import { z } from 'zod';
import { call } from '../http.js';
import { credential, edgeField, headerOf } from '../edge.js';
import type { Connected, ProviderDefinition } from '../provider.js';
import { GRAPH_API, sendMessage, subscribedApps, testConnection } from './client.js';
import {
  answerChallenge,
  generateVerifyToken,
  parseNotification,
  SIGNATURE_HEADER,
  verifySignature,
} from './parse.js';

const tokenOf = (i: Connected) => ({ pageAccessToken: credential(i, 'pageAccessToken') });

export const instagram: ProviderDefinition = {
  name: 'instagram',
  label: 'Instagram',
  apiBaseUrl: GRAPH_API,
  defaultChannel: 'instagram',
  channels: () => ['instagram'],
  credentials: z.strictObject({
    pageAccessToken: z.string().min(10, 'must be a Page access token').max(1000),
    appSecret: z
      .string()
      .regex(/^[A-Za-z0-9]{16,64}$/, 'must be the App Secret from the Meta app dashboard'),
  }),
  settings: z.strictObject({
    igUserId: z.string().regex(/^\d{3,25}$/, 'must be the numeric Instagram account id'),
  }),
  createBody: {
    credentials: z.strictObject({ pageAccessToken: edgeField, appSecret: edgeField }),
    settings: z.strictObject({ igUserId: edgeField }),
  },
  secretFields: ['pageAccessToken', 'appSecret'],
  // The verify token of Meta's subscription handshake: admins paste it into the Meta app.
  webhookSecret: { generate: generateVerifyToken, shownToAdmins: true },
  messages: {
    auth_failed:
      'Meta rejected the Page access token (expired or revoked). Generate a new long-lived Page token and paste it again.',
    permission_denied:
      'The Page access token lacks a permission Switchboard needs (instagram_manage_messages). Grant it in the Meta app and generate a new token.',
  },

  connection: { test: (i) => testConnection(i.endpoint, tokenOf(i)) },

  callbacks: {
    routes: [
      { purpose: 'callback', suffix: '', summary: 'Instagram (Meta) webhook notifications' },
    ],
    handshake: {
      summary: 'Meta subscription verification: echoes `hub.challenge` for our verify token',
      query: z.object({
        'hub.mode': z.string().max(50).optional(),
        'hub.challenge': z.string().max(200).optional(),
        'hub.verify_token': z.string().max(500).optional(),
      }),
      answer: answerChallenge,
    },
    rejectStatus: 403,
    keptHeaders: [SIGNATURE_HEADER],
    verify: (secrets, req) =>
      verifySignature(
        secrets.credentials.appSecret ?? '',
        headerOf(req.headers, SIGNATURE_HEADER),
        req.rawBody,
      ),
    parse: (req) =>
      parseNotification(req.rawBody)?.map((e) => ({
        providerEventId: e.providerEventId,
        event: e,
      })),
    accountWide: false,
  },

  // In production the app's webhook is configured in the Meta dashboard; the sandbox emulates
  // the subscription, including Meta's handshake against our endpoint.
  registration: {
    sandboxOnly: true,
    callsBack: true,
    register: (i, urls) =>
      call(
        `${i.endpoint.baseUrl}/_subscribe`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            pageAccessToken: credential(i, 'pageAccessToken'),
            appSecret: credential(i, 'appSecret'),
            callbackUrl: urls.callback,
            verifyToken: i.webhookSecret ?? '',
            igUserId: i.settings.igUserId,
          }),
          idempotent: true,
        },
        (res) =>
          res.status === 200
            ? { ok: true, value: {} }
            : {
                ok: false,
                error: {
                  kind: 'permanent',
                  class: 'unexpected_response',
                  status: res.status,
                  detail: res.text,
                },
              },
      ),
    async status(i) {
      const res = await subscribedApps(i.endpoint, tokenOf(i));
      return res.ok ? { ...res, value: { registered: res.value.count > 0 } } : res;
    },
  },

  send: {
    deliveryReports: true,
    sender: (i) => ({
      lookupLagMs: 0,
      send: (m) =>
        sendMessage(i.endpoint, tokenOf(i), {
          igUserId: i.settings.igUserId ?? '',
          recipientId: m.address,
          text: m.content.text ?? m.content.html ?? '',
        }),
    }),
  },
};
