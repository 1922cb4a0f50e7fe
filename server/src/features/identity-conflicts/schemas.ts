import { z } from 'zod';
import { CONFLICT_KINDS, CONFLICT_RESOLUTIONS } from '../../db/schema/index.js';
import { Timestamp } from '../../platform/http/schemas.js';
import { PaginationQuery } from '../../platform/pagination.js';
import { ChannelSchema, Contact, Identity } from '../contacts/index.js';

const ContactRef = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const IdentityConflict = z
  .object({
    id: z.uuid(),
    kind: z.enum(CONFLICT_KINDS),
    status: z.enum(['open', 'resolved']),
    identity: z.object({ channel: ChannelSchema, normalized: z.string() }),
    /** Holds the identity (identity_conflict) or is the older of the pair. */
    contact: ContactRef,
    otherContact: ContactRef,
    attempted: z.record(z.string(), z.unknown()).nullable(),
    attempts: z.number().int(),
    source: z.string(),
    resolution: z.enum(CONFLICT_RESOLUTIONS).nullable(),
    resolvedBy: z.object({ id: z.uuid().nullable(), name: z.string() }).nullable(),
    resolvedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'IdentityConflict' });
export type IdentityConflict = z.infer<typeof IdentityConflict>;

export const ListConflictsQuery = PaginationQuery.extend({
  status: z.enum(['open', 'resolved']).default('open'),
  contactId: z.uuid().optional(),
});
export type ListConflictsQuery = z.infer<typeof ListConflictsQuery>;
export const ConflictParams = z.object({ orgId: z.string(), conflictId: z.string() });
export const ResolveConflictBody = z.strictObject({
  action: z.enum(CONFLICT_RESOLUTIONS),
  /** merge: the contact that stays (default: the one that holds the identity). */
  targetContactId: z.uuid().optional(),
});
export type ResolveConflictBody = z.infer<typeof ResolveConflictBody>;

export const MergeBody = z.strictObject({
  sourceContactId: z.uuid(),
  preview: z.boolean().default(true),
  name: z.enum(['target', 'source']).default('target'),
  /** Per attribute key present on both: whose value wins (default: the target's). */
  attributes: z.record(z.string(), z.enum(['target', 'source'])).default({}),
});
export type MergeBody = z.infer<typeof MergeBody>;

export const MergeResult = z
  .object({
    applied: z.boolean(),
    mergeId: z.uuid().nullable(),
    result: z.object({
      name: z.string(),
      attributes: z.record(z.string(), z.string()),
      identities: z.array(Identity),
      groupIds: z.array(z.uuid()),
    }),
    attributeChoices: z.array(
      z.object({
        key: z.string(),
        target: z.string().nullable(),
        source: z.string().nullable(),
        chosen: z.enum(['target', 'source']),
      }),
    ),
    /** Rows that move to the target, per kind (suppressions, conflicts, and later messages…). */
    moves: z.record(z.string(), z.number().int()),
    target: Contact,
    source: Contact,
  })
  .meta({ id: 'MergeResult' });
export type MergeResult = z.infer<typeof MergeResult>;

export const ContactMerge = z
  .object({
    id: z.uuid(),
    targetContactId: z.uuid().nullable(),
    sourceContactId: z.uuid(),
    sourceName: z.string(),
    mergedBy: z.string(),
    createdAt: Timestamp,
    undoneAt: Timestamp.nullable(),
    /** Still reversible: not undone and the target unchanged since. */
    reversible: z.boolean(),
  })
  .meta({ id: 'ContactMerge' });
export type ContactMerge = z.infer<typeof ContactMerge>;
export const MergeParams = z.object({ orgId: z.string(), mergeId: z.string() });
export const UnmergeResult = z.object({ target: Contact, restored: Contact });
