import { z } from 'zod';
import { CHANNELS, CONTACT_SOURCES } from '../../db/schema/index.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import { DisplayName, Timestamp } from '../../platform/http/schemas.js';
import { PaginationQuery } from '../../platform/pagination.js';

export const ChannelSchema = z.enum(CHANNELS);

export const Identity = z
  .object({ id: z.uuid(), channel: ChannelSchema, value: z.string(), normalized: z.string() })
  .meta({ id: 'ContactIdentity' });
export type Identity = z.infer<typeof Identity>;

export const Attributes = z
  .record(
    z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_.-]+$/, 'keys are letters, digits, _ . -'),
    z.string().max(1000),
  )
  .refine((a) => Object.keys(a).length <= 50, 'at most 50 attributes');

export const Contact = z
  .object({
    id: z.uuid(),
    name: z.string(),
    attributes: z.record(z.string(), z.string()),
    source: z.enum(CONTACT_SOURCES),
    identities: z.array(Identity),
    groupIds: z.array(z.uuid()),
    /** Some suppression applies to this contact or one of its identities. */
    suppressed: z.boolean(),
    version: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof Contact>;

/** ISO 3166 alpha-2 region for phone numbers written without a country code. */
export const Region = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')
  .optional();

export const IdentityInput = z.strictObject({
  channel: ChannelSchema,
  value: z.string().max(320),
  region: Region,
});
export type IdentityInput = z.infer<typeof IdentityInput>;

export const NormalizedIdentity = z.object({
  channel: ChannelSchema,
  value: z.string(),
  normalized: z.string(),
});

export const CreateContactBody = z.strictObject({
  name: DisplayName,
  identities: z.array(IdentityInput).max(20).default([]),
  attributes: Attributes.default({}),
  groupIds: z.array(z.uuid()).max(50).default([]),
});
export type CreateContactBody = z.infer<typeof CreateContactBody>;

export const UpdateContactBody = z.strictObject({
  name: DisplayName.optional(),
  /** Replaces the whole attribute map. */
  attributes: Attributes.optional(),
});
export type UpdateContactBody = z.infer<typeof UpdateContactBody>;

export const ContactParams = z.object({ orgId: z.string(), contactId: z.string() });
export const IdentityParams = ContactParams.extend({ identityId: z.string() });

export const ListContactsQuery = PaginationQuery.extend({
  query: z.string().trim().max(200).optional(),
  groupId: z.uuid().optional(),
  channel: ChannelSchema.optional(),
  suppressed: z.enum(['true', 'false']).optional(),
});
export type ListContactsQuery = z.infer<typeof ListContactsQuery>;

export const Remedy = z.enum(['open_existing', 'merge', 'add_to_existing']);

/** 409 body: who holds the identity and what can be done about it. */
export const IdentityConflictProblem = ProblemSchema.extend({
  conflictId: z.uuid(),
  existingContactId: z.uuid(),
  existingContactName: z.string(),
  identity: z.object({ channel: ChannelSchema, normalized: z.string() }),
  remedies: z.array(Remedy),
}).meta({ id: 'IdentityConflictProblem' });
