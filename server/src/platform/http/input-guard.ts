import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/** A NUL, or a UTF-16 surrogate without its pair: neither can be stored as PostgreSQL text. */
const UNSTORABLE = new RegExp(
  String.raw`\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]`,
);

/** The path of the first string (or key) in `value` that cannot be stored, if any. */
function unstorable(value: unknown, path: string[], depth = 0): string[] | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : undefined;
  if (depth > 32 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) {
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unstorable(item, [...path, String(i)], depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return [...path, key];
    const found = unstorable(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

function wellEncoded(query: string): boolean {
  try {
    decodeURIComponent(query.replaceAll('+', ' '));
    return true;
  } catch {
    return false;
  }
}

/**
 * One string rule for every API route, before its schema: no NUL and well-formed UTF-16 in the
 * body, the query and the path, and a query string of valid percent-encoded UTF-8. Such text
 * would otherwise reach the database and fail there (a 500) or be stored mangled.
 */
export function registerInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const mark = request.url.indexOf('?');
    const query = mark < 0 ? '' : request.url.slice(mark + 1);
    if (query && !wellEncoded(query)) {
      // The query parser would read these bytes as U+FFFD and carry on with mangled text.
      throw new AppError(
        'validation_failed',
        'The query string is not valid percent-encoded UTF-8.',
        {
          errors: [{ path: 'query', message: 'is not valid percent-encoded UTF-8' }],
        },
      );
    }
    for (const value of [request.params, request.query, request.body]) {
      const path = unstorable(value, []);
      if (path) {
        throw new AppError(
          'validation_failed',
          'Text may not contain NUL characters or unpaired surrogates.',
          {
            errors: [
              {
                path: path.join('.'),
                message: 'contains a NUL character or an unpaired surrogate',
              },
            ],
          },
        );
      }
    }
  });
}
