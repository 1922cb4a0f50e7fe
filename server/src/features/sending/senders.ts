import type { MessageChannel } from '../../db/schema/index.js';
import * as instagram from '../../providers/instagram/index.js';
import * as sendgrid from '../../providers/sendgrid/index.js';
import * as telegram from '../../providers/telegram/index.js';
import * as twilio from '../../providers/twilio/index.js';
import type { Endpoint, Outcome, SendResult } from '../../providers/types.js';
import { webhookUrls, type ResolvedIntegration } from '../integrations/index.js';

/** What the pipeline hands a provider: our id, the address and the rendered content. */
export interface OutboundMessage {
  id: string;
  channel: MessageChannel;
  address: string;
  content: { subject?: string; text?: string; html?: string };
  /** Email: the recipient's one-click unsubscribe URL (`List-Unsubscribe`, RFC 8058). */
  unsubscribeUrl?: string;
  /** When the attempt that may have gone out started (reconciliation looks from here). */
  attemptStartedAt: Date;
}

/** The custom_args key SendGrid echoes on every event and matches in the activity lookup. */
export const SENDGRID_REF = 'sb_message_id';

export type LookupResult = { found: true; providerMessageId: string } | { found: false };

export interface ProviderSender {
  send(m: OutboundMessage): Promise<Outcome<SendResult>>;
  /**
   * Whether a send whose answer was lost went out: by our reference where the provider allows.
   * Absent when the provider has no way to ask (Telegram, Instagram): those go to review.
   */
  lookup?: (m: OutboundMessage) => Promise<Outcome<LookupResult>>;
  /** How long a provider's lookup may lag behind an accepted send. */
  lookupLagMs: number;
}

const TWILIO_CLOCK_SKEW_MS = 5 * 60_000;

export function senderFor(
  i: ResolvedIntegration & { endpoint: Endpoint },
  publicUrl: string,
): ProviderSender {
  const c = (name: string) => i.credentials[name] ?? '';
  const text = (m: OutboundMessage) => m.content.text ?? m.content.html ?? '';
  switch (i.provider) {
    case 'sendgrid': {
      const creds = { apiKey: c('apiKey') };
      return {
        // The activity feed takes a while to show a message; the sandbox's is immediate.
        lookupLagMs: i.sandbox ? 0 : 120_000,
        send: (m) =>
          sendgrid.sendEmail(i.endpoint, creds, {
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
          const res = await sendgrid.findByCustomArg(i.endpoint, creds, SENDGRID_REF, m.id);
          if (!res.ok) return res;
          return {
            ...res,
            value: res.value
              ? { found: true, providerMessageId: res.value.providerMessageId }
              : { found: false },
          };
        },
      };
    }
    case 'twilio': {
      const creds = { accountSid: c('accountSid'), authToken: c('authToken') };
      const route = (m: OutboundMessage) => {
        const whatsapp = m.channel === 'whatsapp';
        return {
          to: whatsapp ? `whatsapp:${m.address}` : m.address,
          from: whatsapp
            ? `whatsapp:${i.settings.whatsappFrom ?? ''}`
            : i.settings.messagingServiceSid
              ? undefined
              : i.settings.fromNumber,
        };
      };
      return {
        lookupLagMs: 0,
        send: (m) => {
          const { to, from } = route(m);
          return twilio.sendMessage(i.endpoint, creds, {
            to,
            ...(from ? { from } : { messagingServiceSid: i.settings.messagingServiceSid }),
            body: text(m),
            statusCallback: webhookUrls(publicUrl, 'twilio', i.id).status,
          });
        },
        // Twilio cannot look a message up by our reference: the recent messages to the number
        // (from our sender) with exactly this body, created since the attempt started.
        lookup: async (m) => {
          const { to, from } = route(m);
          const res = await twilio.listMessages(i.endpoint, creds, { to, from, pageSize: 50 });
          if (!res.ok) return res;
          const since = m.attemptStartedAt.getTime() - TWILIO_CLOCK_SKEW_MS;
          const matches = res.value.filter(
            (x) => x.body === text(m) && (!x.dateCreated || x.dateCreated.getTime() >= since),
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
    }
    case 'telegram':
      return {
        lookupLagMs: 0,
        send: (m) =>
          telegram.sendMessage(
            i.endpoint,
            { botToken: c('botToken') },
            {
              chatId: m.address,
              text: text(m),
            },
          ),
      };
    case 'instagram':
      return {
        lookupLagMs: 0,
        send: (m) =>
          instagram.sendMessage(
            i.endpoint,
            { pageAccessToken: c('pageAccessToken') },
            { igUserId: i.settings.igUserId ?? '', recipientId: m.address, text: text(m) },
          ),
      };
  }
}

/** Our sentence for a provider failure class: what a person can do about it. Never raw text. */
export const FAILURE_REASONS: Record<string, string> = {
  auth_failed: 'The provider refused the integration’s credentials. Update them and retry.',
  permission_denied: 'The provider account is not allowed to send this. Check its permissions.',
  rate_limited: 'The provider kept rate-limiting the sends.',
  unavailable: 'The provider was unavailable.',
  network: 'The provider could not be reached.',
  timeout: 'The provider did not answer in time.',
  invalid_request: 'The provider refused the message as invalid.',
  recipient_rejected: 'The provider refused the recipient (invalid, unreachable or opted out).',
  unexpected_response: 'The provider answered in a way Switchboard does not understand.',
};
