import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';
import { organizations } from './orgs.js';

export const CHANNELS = ['email', 'phone', 'whatsapp', 'telegram', 'instagram'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CONTACT_SOURCES = ['api', 'import', 'inbound'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

const orgId = () =>
  uuid('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    attributes: jsonb('attributes').$type<Record<string, string>>().notNull().default({}),
    source: text('source').$type<ContactSource>().notNull().default('api'),
    /** Bumped on every change: an unmerge is allowed only while it still equals the merge's. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('contacts_org_id_idx').on(t.orgId, t.id),
    check('contacts_source_check', sql`${t.source} in ('api', 'import', 'inbound')`),
  ],
);

export const contactIdentities = pgTable(
  'contact_identities',
  {
    id: id(),
    orgId: orgId(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<Channel>().notNull(),
    /** As entered, for display. */
    value: text('value').notNull(),
    /** E.164, IDNA-lower-cased email, lower-cased handle or numeric id: what uniqueness is on. */
    normalized: text('normalized').notNull(),
    /** Cross-channel duplicate detection: phone and WhatsApp share the E.164 number, emails drop +tags. */
    matchKey: text('match_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('contact_identities_org_channel_normalized_uq').on(
      t.orgId,
      t.channel,
      t.normalized,
    ),
    index('contact_identities_contact_idx').on(t.orgId, t.contactId),
    index('contact_identities_match_key_idx').on(t.orgId, t.matchKey),
    check(
      'contact_identities_channel_check',
      sql`${t.channel} in ('email', 'phone', 'whatsapp', 'telegram', 'instagram')`,
    ),
  ],
);

export const CONFLICT_KINDS = ['identity_conflict', 'possible_duplicate'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];
export const CONFLICT_RESOLUTIONS = ['merge', 'keep_both', 'dismiss'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

export const identityConflicts = pgTable(
  'identity_conflicts',
  {
    id: id(),
    orgId: orgId(),
    kind: text('kind').$type<ConflictKind>().notNull(),
    status: text('status').$type<'open' | 'resolved'>().notNull().default('open'),
    channel: text('channel').$type<Channel>().notNull(),
    normalized: text('normalized').notNull(),
    /** The contact that holds the identity (identity_conflict) or the older of the pair. */
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    /** The other contact of a possible duplicate, or the contact an identity was refused for. */
    otherContactId: uuid('other_contact_id').references(() => contacts.id, {
      onDelete: 'set null',
    }),
    /** The refused request, as evidence (identity_conflict). */
    attempted: jsonb('attempted').$type<Record<string, unknown>>(),
    attempts: integer('attempts').notNull().default(1),
    source: text('source').notNull(),
    resolution: text('resolution').$type<ConflictResolution>(),
    resolvedById: uuid('resolved_by_id'),
    resolvedByName: text('resolved_by_name'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('identity_conflicts_org_status_idx').on(t.orgId, t.status, t.id),
    // Repeated refusals of one identity while a conflict is open count as one conflict.
    uniqueIndex('identity_conflicts_open_identity_uq')
      .on(t.orgId, t.channel, t.normalized)
      .where(sql`${t.kind} = 'identity_conflict' and ${t.status} = 'open'`),
    // A pair is flagged once; dismissing it is remembered.
    uniqueIndex('identity_conflicts_pair_uq')
      .on(t.orgId, t.contactId, t.otherContactId)
      .where(sql`${t.kind} = 'possible_duplicate'`),
    check(
      'identity_conflicts_kind_check',
      sql`${t.kind} in ('identity_conflict', 'possible_duplicate')`,
    ),
    check('identity_conflicts_status_check', sql`${t.status} in ('open', 'resolved')`),
  ],
);

export const contactGroups = pgTable(
  'contact_groups',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('contact_groups_org_name_uq').on(t.orgId, sql`lower(${t.name})`)],
);

export const contactGroupMembers = pgTable(
  'contact_group_members',
  {
    orgId: orgId(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => contactGroups.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.groupId, t.contactId] }),
    index('contact_group_members_contact_idx').on(t.orgId, t.contactId),
  ],
);

export const SUPPRESSION_REASONS = [
  'unsubscribe',
  'stop_keyword',
  'hard_bounce',
  'spam_report',
  'manual',
] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];
export type SuppressionChannel = Channel | 'all';

/**
 * The opt-out ledger. A row either names a value (`normalized`, e.g. an E.164 number or an
 * email) or a whole contact. Value rows keep the value itself, so they outlive the identity and
 * the contact; contact rows are turned into value rows when the contact is deleted.
 */
export const suppressions = pgTable(
  'suppressions',
  {
    id: id(),
    orgId: orgId(),
    channel: text('channel').$type<SuppressionChannel>().notNull(),
    normalized: text('normalized'),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    identityId: uuid('identity_id').references(() => contactIdentities.id, {
      onDelete: 'set null',
    }),
    reason: text('reason').$type<SuppressionReason>().notNull(),
    source: text('source').notNull(),
    createdById: uuid('created_by_id'),
    createdByName: text('created_by_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('suppressions_org_idx').on(t.orgId, t.id),
    uniqueIndex('suppressions_value_uq')
      .on(t.orgId, t.channel, t.normalized)
      .where(sql`${t.normalized} is not null`),
    uniqueIndex('suppressions_contact_uq')
      .on(t.orgId, t.channel, t.contactId)
      .where(sql`${t.normalized} is null`),
    check(
      'suppressions_target_check',
      sql`${t.normalized} is not null or ${t.contactId} is not null`,
    ),
    check(
      'suppressions_channel_check',
      sql`${t.channel} in ('email', 'phone', 'whatsapp', 'telegram', 'instagram', 'all')`,
    ),
    check(
      'suppressions_reason_check',
      sql`${t.reason} in ('unsubscribe', 'stop_keyword', 'hard_bounce', 'spam_report', 'manual')`,
    ),
  ],
);

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const contactImports = pgTable(
  'contact_imports',
  {
    id: id(),
    orgId: orgId(),
    status: text('status').$type<ImportStatus>().notNull().default('queued'),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    /** The uploaded CSV, kept until the import finishes. */
    content: text('content'),
    /** The CSV header in file order (jsonb does not keep key order). */
    columns: text('columns').array().notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    region: text('region'),
    groupId: uuid('group_id').references(() => contactGroups.id, { onDelete: 'set null' }),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    conflicts: integer('conflicts').notNull().default(0),
    invalid: integer('invalid').notNull().default(0),
    error: text('error'),
    createdById: uuid('created_by_id'),
    createdByName: text('created_by_name').notNull(),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('contact_imports_org_idx').on(t.orgId, t.id),
    check(
      'contact_imports_status_check',
      sql`${t.status} in ('queued', 'running', 'completed', 'failed')`,
    ),
  ],
);

export const IMPORT_ROW_STATUSES = ['created', 'updated', 'conflict', 'invalid'] as const;
export type ImportRowStatus = (typeof IMPORT_ROW_STATUSES)[number];

export const contactImportRows = pgTable(
  'contact_import_rows',
  {
    orgId: orgId(),
    importId: uuid('import_id')
      .notNull()
      .references(() => contactImports.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    status: text('status').$type<ImportRowStatus>().notNull(),
    contactId: uuid('contact_id'),
    reason: text('reason'),
    raw: jsonb('raw').$type<Record<string, string>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.importId, t.rowNumber] })],
);

/** One applied merge: enough to put the merged-away contact back (unmerge). */
export const contactMerges = pgTable(
  'contact_merges',
  {
    id: id(),
    orgId: orgId(),
    targetContactId: uuid('target_contact_id').references(() => contacts.id, {
      onDelete: 'set null',
    }),
    sourceContactId: uuid('source_contact_id').notNull(),
    /** The target's version right after the merge; any later change ends unmerge. */
    targetVersion: integer('target_version').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    mergedById: uuid('merged_by_id'),
    mergedByName: text('merged_by_name').notNull(),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('contact_merges_org_target_idx').on(t.orgId, t.targetContactId)],
);
