import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiKeys, type ApiKeyScope } from '../../db/schema/index.js';
import { randomToken, sha256 } from './tokens.js';

export const API_KEY_PREFIX = 'sbk_';
const TOUCH_INTERVAL_MS = 60_000;

export interface ApiKeyPrincipal {
  id: string;
  orgId: string;
  name: string;
  scopes: ApiKeyScope[];
}

/** A new key: the secret is returned once and only its SHA-256 is stored. */
export function generateApiKey() {
  const key = API_KEY_PREFIX + randomToken();
  return { key, hash: sha256(key), prefix: key.slice(0, API_KEY_PREFIX.length + 6) };
}

export async function resolveApiKey(db: Db, key: string): Promise<ApiKeyPrincipal | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 128) return null;
  const [row] = await db
    .select({
      id: apiKeys.id,
      orgId: apiKeys.orgId,
      name: apiKeys.name,
      scopes: apiKeys.scopes,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sha256(key)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  }
  return { id: row.id, orgId: row.orgId, name: row.name, scopes: row.scopes };
}
