import { and, desc, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { sessions, users } from '../../db/schema/index.js';
import { randomToken, sessionTokenHash } from './tokens.js';

export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600_000;
/** `last_seen_at` is refreshed at most this often, so reads don't each cost a write. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

export interface SessionUser {
  sessionId: string;
  user: { id: string; email: string; name: string; timezone: string | null; createdAt: Date };
}

/** A live session as its user sees it in their list. */
export interface SessionInfo {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

export function createSessionStore(db: Db, secret: string) {
  return {
    async create(
      tx: Executor,
      userId: string,
      meta: { ip: string | null; userAgent: string | null },
    ): Promise<{ token: string; expiresAt: Date }> {
      const token = randomToken();
      const expiresAt = new Date(Date.now() + SESSION_ABSOLUTE_MS);
      await tx.insert(sessions).values({
        tokenHash: sessionTokenHash(secret, token),
        userId,
        expiresAt,
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
      });
      return { token, expiresAt };
    },

    async resolve(token: string): Promise<SessionUser | null> {
      const now = Date.now();
      const [row] = await db
        .select({
          sessionId: sessions.id,
          lastSeenAt: sessions.lastSeenAt,
          user: {
            id: users.id,
            email: users.email,
            name: users.name,
            timezone: users.timezone,
            createdAt: users.createdAt,
          },
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(
          and(
            eq(sessions.tokenHash, sessionTokenHash(secret, token)),
            gt(sessions.expiresAt, new Date(now)),
            gt(sessions.lastSeenAt, new Date(now - SESSION_IDLE_MS)),
          ),
        );
      if (!row) return null;
      if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        await db
          .update(sessions)
          .set({ lastSeenAt: new Date(now) })
          .where(eq(sessions.id, row.sessionId));
      }
      return { sessionId: row.sessionId, user: row.user };
    },

    /** The user's live sessions (not expired, not idle too long), most recently seen first. */
    async list(tx: Executor, userId: string): Promise<SessionInfo[]> {
      const now = Date.now();
      return tx
        .select({
          id: sessions.id,
          ip: sessions.ip,
          userAgent: sessions.userAgent,
          createdAt: sessions.createdAt,
          lastSeenAt: sessions.lastSeenAt,
        })
        .from(sessions)
        .where(
          and(
            eq(sessions.userId, userId),
            gt(sessions.expiresAt, new Date(now)),
            gt(sessions.lastSeenAt, new Date(now - SESSION_IDLE_MS)),
          ),
        )
        .orderBy(desc(sessions.lastSeenAt), desc(sessions.id));
    },

    /** Ends one of the user's sessions; false when it is not theirs (or already gone). */
    async destroyById(tx: Executor, userId: string, sessionId: string): Promise<boolean> {
      const rows = await tx
        .delete(sessions)
        .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
        .returning({ id: sessions.id });
      return rows.length > 0;
    },

    /** Ends every session of the user (after a password reset). */
    async destroyAll(tx: Executor, userId: string): Promise<number> {
      const rows = await tx
        .delete(sessions)
        .where(eq(sessions.userId, userId))
        .returning({ id: sessions.id });
      return rows.length;
    },

    /** Ends every session of the user but `keep` (after a password change). */
    async destroyOthers(tx: Executor, userId: string, keep: string): Promise<number> {
      const rows = await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), ne(sessions.id, keep)))
        .returning({ id: sessions.id });
      return rows.length;
    },

    async destroy(tx: Executor, token: string): Promise<void> {
      await tx.delete(sessions).where(eq(sessions.tokenHash, sessionTokenHash(secret, token)));
    },

    async purgeExpired(): Promise<number> {
      const result = await db
        .delete(sessions)
        .where(
          sql`${sessions.expiresAt} < now() or ${lt(sessions.lastSeenAt, new Date(Date.now() - SESSION_IDLE_MS))}`,
        )
        .returning({ id: sessions.id });
      return result.length;
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
