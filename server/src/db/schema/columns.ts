import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';

/** Case-insensitive text (emails): the `citext` extension is created by the first migration. */
export const citext = customType<{ data: string }>({ dataType: () => 'citext' });

/** Primary keys are UUIDv7, generated in TypeScript: PostgreSQL 15 has no `uuidv7()`. */
/** A 64-bit transaction id (`pg_current_xact_id()`), read as a decimal string. */
export const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

export const id = () =>
  uuid('id')
    .primaryKey()
    .$defaultFn(() => uuidv7());

export const createdAt = () =>
  timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
