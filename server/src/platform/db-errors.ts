/** PostgreSQL unique_violation (PGlite and pg both expose the SQLSTATE as `code`). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = (err as { cause?: unknown })?.cause ?? err;
  const pgErr = e as { code?: string; constraint?: string };
  return pgErr?.code === '23505' && (!constraint || pgErr.constraint === constraint);
}

/**
 * SQLSTATEs and socket errors that mean "the database cannot be reached right now", not "the
 * database refused this statement": class 08 (connection exception), 57P01–57P03 (shut down by an
 * admin, crashed, cannot connect now: a restart), 53300 (too many connections).
 */
const UNREACHABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNREACHABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres reports a dropped or unusable connection with these messages and no code. */
const UNREACHABLE_MESSAGE =
  /connection terminated|terminating connection|connection error|not queryable|timeout exceeded when trying to connect|server closed the connection/i;

/**
 * The database is unreachable (down, restarting, network gone), so the same statement may succeed
 * later. Constraint and data errors are not. Walks `cause` (drizzle wraps driver errors).
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (code.startsWith('08') || UNREACHABLE_SQLSTATES.has(code)) return true;
      if (UNREACHABLE_SOCKET_CODES.has(code)) return true;
    }
    if (typeof message === 'string' && UNREACHABLE_MESSAGE.test(message)) return true;
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnreachable)) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
