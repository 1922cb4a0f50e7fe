import { z } from 'zod';

/**
 * Loose shapes for the HTTP edge of an integration's create body (strings, bounded): the service
 * checks each provider's exact formats after the org check, so a probe with plausible strings
 * still reaches it.
 */
export const edgeField = z.string().trim().min(1, 'is required').max(2000);
export const optionalEdgeField = z.string().trim().max(2000).optional();

export const E164 = /^\+[1-9]\d{6,14}$/;

/** The header of a request, first value if repeated. */
export const headerOf = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** A credential by name ('' when absent: the provider then refuses it as it would a wrong one). */
export const credential = (i: { credentials: Record<string, string> }, name: string) =>
  i.credentials[name] ?? '';
