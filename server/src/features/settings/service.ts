import { isSupportedCountry } from 'libphonenumber-js';
import type { Db, Executor } from '../../db/client.js';
import { auditInOrg } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { UUID_RE } from '../../platform/pagination.js';
import { requireRole, tenantTransaction, type OrgContext } from '../../platform/tenancy.js';
import { requireTimeZone } from '../../platform/time-zone.js';
import { extensionOf, inspectLogo, LOGO_EXTENSIONS } from './logo.js';
import {
  databaseLogoStore,
  settingsRepo,
  type LogoStore,
  type OrgSettingsRow,
  type StoredLogo,
} from './repo.js';
import type { OrgSettings, UpdateOrgSettingsBody } from './schemas.js';

/** `/media/logos/{orgId}/{sha256}.{ext}`, under PUBLIC_URL (emails carry it too). */
export const logoUrl = (
  publicUrl: string,
  orgId: string,
  logo: Pick<StoredLogo, 'sha256' | 'contentType'>,
) => `${publicUrl}/media/logos/${orgId}/${logo.sha256}.${extensionOf(logo.contentType)}`;

const LOGO_FILE_RE = new RegExp(`^([0-9a-f]{64})\\.(${LOGO_EXTENSIONS.join('|')})$`);

/** What other features read of an organization's settings (in their own transaction). */
export interface OrgProfile extends OrgSettingsRow {
  logoUrl: string | null;
}

export async function loadOrgProfile(
  tx: Executor,
  orgId: string,
  publicUrl: string,
  logos: LogoStore = databaseLogoStore,
): Promise<OrgProfile | undefined> {
  const row = await settingsRepo.get(tx, orgId);
  if (!row) return undefined;
  const logo = await logos.meta(tx, orgId);
  return { ...row, logoUrl: logo ? logoUrl(publicUrl, orgId, logo) : null };
}

function requireRegion(region: string): string {
  const upper = region.toUpperCase();
  if (isSupportedCountry(upper)) return upper;
  throw new AppError(
    'invalid_region',
    `"${region}" is not a region the phone-number library knows.`,
    {
      errors: [{ path: 'defaultPhoneRegion', message: 'is not an ISO 3166-1 alpha-2 region' }],
    },
  );
}

export function createSettingsService(deps: { db: Db; publicUrl: string; logos?: LogoStore }) {
  const logos = deps.logos ?? databaseLogoStore;

  async function read(tx: Executor, orgId: string): Promise<OrgSettings> {
    const row = await settingsRepo.get(tx, orgId);
    if (!row) throw notFound('Organization');
    const logo = await logos.meta(tx, orgId);
    return {
      ...row,
      logo: logo
        ? {
            url: logoUrl(deps.publicUrl, orgId, logo),
            width: logo.width,
            height: logo.height,
            contentType: logo.contentType,
            bytes: logo.bytes,
          }
        : null,
    };
  }

  return {
    get(ctx: OrgContext): Promise<OrgSettings> {
      requireRole(ctx, 'viewer');
      return ctx.run((tx) => read(tx, ctx.orgId));
    },

    /** Admins change the settings; each change is audited with its old and new value. */
    update(ctx: OrgContext, body: UpdateOrgSettingsBody): Promise<OrgSettings> {
      requireRole(ctx, 'admin');
      const values: Partial<OrgSettingsRow> = {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.defaultTimezone !== undefined && {
          defaultTimezone: requireTimeZone(body.defaultTimezone, 'defaultTimezone'),
        }),
        ...(body.defaultPhoneRegion !== undefined && {
          defaultPhoneRegion: body.defaultPhoneRegion && requireRegion(body.defaultPhoneRegion),
        }),
        ...(body.smsMaxSegments !== undefined && { smsMaxSegments: body.smsMaxSegments }),
        ...(body.senderName !== undefined && { senderName: body.senderName }),
        ...(body.brandColor !== undefined && {
          brandColor: body.brandColor?.toLowerCase() ?? null,
        }),
      };
      return ctx.run(async (tx) => {
        const before = await settingsRepo.get(tx, ctx.orgId);
        if (!before) throw notFound('Organization');
        const changes = Object.fromEntries(
          Object.entries(values)
            .filter(([key, to]) => before[key as keyof OrgSettingsRow] !== to)
            .map(([key, to]) => [key, { from: before[key as keyof OrgSettingsRow], to }]),
        );
        if (Object.keys(changes).length) {
          await settingsRepo.update(tx, ctx.orgId, values);
          await auditInOrg(tx, ctx, {
            action: 'org.settings_updated',
            targetType: 'org',
            targetId: ctx.orgId,
            metadata: { changes },
          });
        }
        return read(tx, ctx.orgId);
      });
    },

    /** Stores a logo validated by its content (logo.ts); the previous one is replaced. */
    async putLogo(ctx: OrgContext, data: Buffer): Promise<OrgSettings> {
      requireRole(ctx, 'admin');
      const inspected = await inspectLogo(data);
      const logo: StoredLogo = {
        sha256: inspected.sha256,
        contentType: inspected.contentType,
        width: inspected.width,
        height: inspected.height,
        bytes: inspected.bytes,
      };
      return ctx.run(async (tx) => {
        await logos.save(tx, ctx.orgId, logo, data);
        await auditInOrg(tx, ctx, {
          action: 'org.logo_updated',
          targetType: 'org',
          targetId: ctx.orgId,
          metadata: { ...logo },
        });
        return read(tx, ctx.orgId);
      });
    },

    removeLogo(ctx: OrgContext): Promise<void> {
      requireRole(ctx, 'admin');
      return ctx.run(async (tx) => {
        const removed = await logos.remove(tx, ctx.orgId);
        if (!removed) return;
        await auditInOrg(tx, ctx, {
          action: 'org.logo_removed',
          targetType: 'org',
          targetId: ctx.orgId,
          metadata: { sha256: removed.sha256 },
        });
      });
    },

    /**
     * The public bytes behind a logo URL: only the org's current logo under its exact hash and
     * extension, read in a transaction scoped (and RLS-bound) to the org the URL names.
     */
    async logoFile(orgId: string, file: string) {
      const match = LOGO_FILE_RE.exec(file);
      if (!match || !UUID_RE.test(orgId)) throw notFound('Logo');
      const [, sha256, ext] = match;
      const found = await tenantTransaction(deps.db, { orgId }, (tx) =>
        logos.content(tx, orgId, sha256!),
      );
      if (!found || extensionOf(found.contentType) !== ext) throw notFound('Logo');
      return found;
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
