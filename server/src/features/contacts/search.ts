import { sql, type SQL } from 'drizzle-orm';
import { contactIdentities } from '../../db/schema/index.js';

/** At most this many matches per kind of match are considered, then shown newest first. */
export const SEARCH_CANDIDATES = 1000;

export interface SearchPlan {
  /** Normalized identity values that start with one of these match (index range scan). */
  identityPrefixes: string[];
  /**
   * Names whose words match: every word but the last whole, the last as a prefix (a `to_tsquery`
   * of letters and digits only); null when the query is shaped like an identity.
   */
  nameWords: string | null;
}

/**
 * How a search is answered. Text shaped like an identity — an email address or its beginning,
 * an @handle, a phone number — is matched by prefix on the normalized values (E.164 numbers,
 * lower-cased emails and handles). Anything else is a name, matched word by word as typed
 * ("ada lov" finds Ada Lovelace), plus the identities that start with it. Every part is an
 * index scan bounded by SEARCH_CANDIDATES, whatever the data.
 */
export function searchPlan(query: string): SearchPlan {
  const q = query.trim().toLowerCase();
  if (/^[^\s@]+@\S*$/.test(q) || /^@[^\s@]+$/.test(q)) {
    return { identityPrefixes: [q], nameWords: null };
  }
  if (/^\+?[\d\s().-]+$/.test(q) && /\d/.test(q)) {
    const digits = q.replace(/\D/g, '');
    // E.164 numbers, and numeric Telegram/Instagram ids.
    return { identityPrefixes: [`+${digits}`, digits], nameWords: null };
  }
  const words = q.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return {
    identityPrefixes: q && !/\s/.test(q) ? [q, `@${q}`] : [],
    nameWords: words.length ? [...words.slice(0, -1), `${words.at(-1)}:*`].join(' & ') : null,
  };
}

/** The first string after every string that starts with `prefix`, in code point (byte) order. */
function afterPrefix(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop()!.codePointAt(0)!;
  return chars.join('') + String.fromCodePoint(Math.min(last + 1, 0x10ffff));
}

export function searchSql(orgId: string, plan: SearchPlan): SQL {
  // Ranges rather than LIKE: comparisons are leakproof, so the index serves them under RLS.
  const parts: SQL[] = plan.identityPrefixes.map(
    (prefix) => sql`(select i.contact_id from ${contactIdentities} i
       where i.org_id = ${orgId} and i.normalized collate "C" >= ${prefix}
         and i.normalized collate "C" < ${afterPrefix(prefix)}
       order by i.normalized collate "C" limit ${SEARCH_CANDIDATES})`,
  );
  if (plan.nameWords) {
    parts.push(sql`(select x from contact_ids_matching_name(
       to_tsquery('simple', ${plan.nameWords}), ${SEARCH_CANDIDATES}) x)`);
  }
  if (!parts.length) return sql`select null::uuid where false`;
  return sql.join(parts, sql` union `);
}
