import { z } from 'zod';

/** Request shapes of the one-off send and the dead-letter actions. */

export const SendMessageBody = z
  .object({
    integrationId: z.uuid(),
    /** A contact of this org: its identity on the integration's channel is used. */
    contactId: z.uuid().optional(),
    /** Or a bare address; a contact is found or created for it. */
    to: z
      .object({
        /** The identity channel; defaults to the integration's (SMS → phone). */
        channel: z.enum(['email', 'phone', 'whatsapp', 'telegram', 'instagram']).optional(),
        value: z.string().trim().min(1).max(320),
        /** Default region for phone numbers without a country code (ISO 3166, e.g. DE). */
        region: z
          .string()
          .regex(/^[A-Za-z]{2}$/)
          .optional(),
      })
      .optional(),
    templateId: z.uuid().optional(),
    variables: z.record(z.string().max(64), z.unknown()).optional(),
    /** Or literal content (no template). */
    body: z
      .object({
        subject: z.string().max(998).optional(),
        text: z.string().min(1).max(20_000),
        html: z.string().max(500_000).optional(),
      })
      .optional(),
  })
  .describe(
    'Exactly one of contactId / to, and one of templateId / body (checked by the service).',
  );
export type SendMessageBody = z.infer<typeof SendMessageBody>;

export const MessageParams = z.object({ orgId: z.string(), messageId: z.string() });

export const ReviewBody = z.object({
  /** resend: send again (after checking the provider yourself); mark_sent: it did go out; cancel. */
  action: z.enum(['resend', 'mark_sent', 'cancel']),
  comment: z.string().trim().max(1000).optional(),
});
export type ReviewBody = z.infer<typeof ReviewBody>;
