import { and, eq, getTableColumns } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { organizations, orgLogos, type LogoContentType } from '../../db/schema/index.js';

export interface StoredLogo {
  sha256: string;
  contentType: LogoContentType;
  width: number;
  height: number;
  bytes: number;
}

const { data: _data, orgId: _orgId, ...logoMetaColumns } = getTableColumns(orgLogos);

/**
 * Where logo bytes live. The database (bytea) by default: it works embedded and on PostgreSQL,
 * and a logo commits or rolls back with its settings. An S3-compatible bucket can implement the
 * same interface (decision 031).
 */
export interface LogoStore {
  meta(db: Executor, orgId: string): Promise<StoredLogo | undefined>;
  save(db: Executor, orgId: string, logo: StoredLogo, data: Buffer): Promise<void>;
  remove(db: Executor, orgId: string): Promise<StoredLogo | undefined>;
  /** The bytes of the org's current logo if its hash is `sha256`. */
  content(
    db: Executor,
    orgId: string,
    sha256: string,
  ): Promise<{ contentType: LogoContentType; data: Buffer } | undefined>;
}

export const databaseLogoStore: LogoStore = {
  async meta(db, orgId) {
    const [row] = await db.select(logoMetaColumns).from(orgLogos).where(eq(orgLogos.orgId, orgId));
    return row;
  },

  async save(db, orgId, logo, data) {
    const values = { ...logo, data, createdAt: new Date() };
    await db
      .insert(orgLogos)
      .values({ orgId, ...values })
      .onConflictDoUpdate({ target: orgLogos.orgId, set: values });
  },

  async remove(db, orgId) {
    const [row] = await db
      .delete(orgLogos)
      .where(eq(orgLogos.orgId, orgId))
      .returning(logoMetaColumns);
    return row;
  },

  async content(db, orgId, sha256) {
    const [row] = await db
      .select({ contentType: orgLogos.contentType, data: orgLogos.data })
      .from(orgLogos)
      .where(and(eq(orgLogos.orgId, orgId), eq(orgLogos.sha256, sha256)));
    return row;
  },
};

export type OrgSettingsRow = Pick<
  typeof organizations.$inferSelect,
  'name' | 'defaultTimezone' | 'defaultPhoneRegion' | 'smsMaxSegments' | 'senderName' | 'brandColor'
>;

const settingsColumns = {
  name: organizations.name,
  defaultTimezone: organizations.defaultTimezone,
  defaultPhoneRegion: organizations.defaultPhoneRegion,
  smsMaxSegments: organizations.smsMaxSegments,
  senderName: organizations.senderName,
  brandColor: organizations.brandColor,
};

export const settingsRepo = {
  async get(db: Executor, orgId: string): Promise<OrgSettingsRow | undefined> {
    const [row] = await db
      .select(settingsColumns)
      .from(organizations)
      .where(eq(organizations.id, orgId));
    return row;
  },

  async update(
    db: Executor,
    orgId: string,
    values: Partial<OrgSettingsRow>,
  ): Promise<OrgSettingsRow | undefined> {
    const [row] = await db
      .update(organizations)
      .set(values)
      .where(eq(organizations.id, orgId))
      .returning(settingsColumns);
    return row;
  },
};
