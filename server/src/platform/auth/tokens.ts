import { createHash, createHmac, randomBytes } from 'node:crypto';

/** 256 bits of randomness, URL-safe. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Session tokens are stored as an HMAC keyed with SESSION_SECRET: a copy of the sessions table
 * alone cannot be turned into valid cookies.
 */
export const sessionTokenHash = (secret: string, token: string) =>
  createHmac('sha256', secret).update(token).digest('base64url');
