import { openPostgres, type Database } from '../db/client.js';

/**
 * The app's database, with a switch that makes it unreachable: while `down`, every query goes to
 * a pool on a port nothing listens on, so it fails as a stopped PostgreSQL does (ECONNREFUSED).
 * `real` is the database itself, reachable throughout (for assertions and a second app).
 */
export function createOutageSwitch(real: Database) {
  const dead = openPostgres('postgres://switchboard@127.0.0.1:1/unreachable', { poolSize: 2 });
  let down = false;
  const db = new Proxy(real.db, {
    get(target, key) {
      const source = down ? dead.db : target;
      const value: unknown = Reflect.get(source, key, source);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(source)
        : value;
    },
  });
  const database = {
    ...real,
    db,
    close: async () => {
      await dead.close();
      await real.close();
    },
  } as Database;
  return {
    database,
    real,
    down: () => {
      down = true;
    },
    up: () => {
      down = false;
    },
  };
}
