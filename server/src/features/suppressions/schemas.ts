import { z } from 'zod';
import { CHANNELS, SUPPRESSION_REASONS } from '../../db/schema/index.js';
import { Timestamp } from '../../platform/http/schemas.js';
import { PaginationQuery } from '../../platform/pagination.js';
import { Region } from '../contacts/index.js';

export const SuppressionChannelSchema = z.enum([...CHANNELS, 'all']);
export const SuppressionReasonSchema = z.enum(SUPPRESSION_REASONS);

export const Suppression = z
  .object({
    id: z.uuid(),
    channel: SuppressionChannelSchema,
    /** `value`: one address (kept even after its contact is gone); `contact`: a whole contact. */
    scope: z.enum(['value', 'contact']),
    normalized: z.string().nullable(),
    contactId: z.uuid().nullable(),
    identityId: z.uuid().nullable(),
    reason: SuppressionReasonSchema,
    source: z.string(),
    createdBy: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Suppression' });
export type Suppression = z.infer<typeof Suppression>;

export const CreateSuppressionBody = z
  .strictObject({
    channel: SuppressionChannelSchema,
    identityId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    /** An address that need not belong to a contact (normalized for `channel`). */
    value: z.string().min(1).max(320).optional(),
    /** For `value` on the phone channels: the default region. */
    region: Region,
    reason: SuppressionReasonSchema,
  })
  .refine((b) => [b.identityId, b.contactId, b.value].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of identityId, contactId or value',
    path: ['identityId'],
  });
export type CreateSuppressionBody = z.infer<typeof CreateSuppressionBody>;

export const CreatedSuppression = Suppression;

export const ListSuppressionsQuery = PaginationQuery.extend({
  channel: SuppressionChannelSchema.optional(),
  reason: SuppressionReasonSchema.optional(),
  contactId: z.uuid().optional(),
  query: z.string().trim().min(1).max(200).optional(),
});
export type ListSuppressionsQuery = z.infer<typeof ListSuppressionsQuery>;
export const SuppressionParams = z.object({ orgId: z.string(), suppressionId: z.string() });
