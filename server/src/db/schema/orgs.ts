import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth.js';
import { citext, createdAt, id, updatedAt } from './columns.js';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Where a new organization starts; each is changed in its settings (features/settings). */
export const ORG_DEFAULTS = { timezone: 'UTC', smsMaxSegments: 10 } as const;

export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    name: text('name').notNull(),
    /** IANA zone: dates in the UI and date-range defaults (validated against the runtime's zones). */
    defaultTimezone: text('default_timezone').notNull().default(ORG_DEFAULTS.timezone),
    /** ISO 3166-1 alpha-2: the region of phone numbers written without a country code. */
    defaultPhoneRegion: text('default_phone_region'),
    smsMaxSegments: integer('sms_max_segments').notNull().default(ORG_DEFAULTS.smsMaxSegments),
    senderName: text('sender_name'),
    brandColor: text('brand_color'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('organizations_sms_max_segments_check', sql`${t.smsMaxSegments} between 1 and 10`),
    check('organizations_brand_color_check', sql`${t.brandColor} ~ '^#[0-9a-f]{6}$'`),
    check('organizations_default_phone_region_check', sql`${t.defaultPhoneRegion} ~ '^[A-Z]{2}$'`),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    index('memberships_user_id_idx').on(t.userId),
    check('memberships_role_check', sql`${t.role} in ('owner', 'admin', 'member', 'viewer')`),
  ],
);

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: citext('email').notNull(),
    role: text('role').$type<Role>().notNull(),
    /** SHA-256 of the token, for lookup by the accept link. */
    tokenHash: text('token_hash').notNull().unique(),
    /** Fernet-encrypted token, so admins can copy the link again until email delivery exists. */
    tokenEncrypted: text('token_encrypted').notNull(),
    status: text('status').$type<InvitationStatus>().notNull().default('pending'),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('invitations_one_pending_per_email')
      .on(t.orgId, t.email)
      .where(sql`${t.status} = 'pending'`),
    index('invitations_org_id_idx').on(t.orgId, t.id),
    check('invitations_role_check', sql`${t.role} in ('owner', 'admin', 'member', 'viewer')`),
    check(
      'invitations_status_check',
      sql`${t.status} in ('pending', 'accepted', 'revoked', 'expired')`,
    ),
  ],
);

export const API_KEY_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** First characters of the key, shown in lists so a key can be recognised. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    scopes: text('scopes').array().$type<ApiKeyScope[]>().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('api_keys_org_id_idx').on(t.orgId, t.id)],
);
