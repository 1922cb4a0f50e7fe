import { z } from 'zod';
import type { IntegrationProvider } from '../../db/schema/index.js';
import { isValidPublicKey } from '../../providers/sendgrid/verify.js';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Per provider: the strict formats of credentials and settings (checked by the service, after the
 * org check, so a probe with plausible strings still reaches it), which credential fields are
 * secret, and the webhook URLs to paste into the provider's console.
 */
export interface ProviderSpec {
  label: string;
  credentials: z.ZodType<Record<string, string | undefined>>;
  settings: z.ZodType<Record<string, string | undefined>>;
  /** Credential fields shown only as a masked hint. */
  secretFields: readonly string[];
  /** Webhook URL purposes → path suffix under /webhooks/{provider}/{id}. */
  webhookPaths: Record<string, string>;
}

export const PROVIDER_SPECS: Record<IntegrationProvider, ProviderSpec> = {
  sendgrid: {
    label: 'SendGrid',
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
    secretFields: ['apiKey', 'webhookPublicKey'],
    webhookPaths: { events: '' },
  },
  twilio: {
    label: 'Twilio',
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
    secretFields: ['accountSid', 'authToken'],
    webhookPaths: { status: '/status', inbound: '/inbound' },
  },
  telegram: {
    label: 'Telegram',
    credentials: z.strictObject({
      botToken: z
        .string()
        .regex(
          /^\d{1,20}:[A-Za-z0-9_-]{10,100}$/,
          'must be a bot token from @BotFather (123456:ABC…)',
        ),
    }),
    settings: z.strictObject({}),
    secretFields: ['botToken'],
    webhookPaths: { updates: '' },
  },
  instagram: {
    label: 'Instagram',
    credentials: z.strictObject({
      pageAccessToken: z.string().min(10, 'must be a Page access token').max(1000),
      appSecret: z
        .string()
        .regex(/^[A-Za-z0-9]{16,64}$/, 'must be the App Secret from the Meta app dashboard'),
    }),
    settings: z.strictObject({
      igUserId: z.string().regex(/^\d{3,25}$/, 'must be the numeric Instagram account id'),
    }),
    secretFields: ['pageAccessToken', 'appSecret'],
    webhookPaths: { callback: '' },
  },
};

/** `…a1b2`: enough to recognise a value, never enough to use it. Short values show nothing. */
export const maskHint = (value: string) => (value.length >= 12 ? `…${value.slice(-4)}` : '…');

export function webhookUrls(publicUrl: string, provider: IntegrationProvider, id: string) {
  return Object.fromEntries(
    Object.entries(PROVIDER_SPECS[provider].webhookPaths).map(([purpose, suffix]) => [
      purpose,
      `${publicUrl}/webhooks/${provider}/${id}${suffix}`,
    ]),
  );
}
