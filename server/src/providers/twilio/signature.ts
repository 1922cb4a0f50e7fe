import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { safeEqual } from '../compare.js';

export const SIGNATURE_HEADER = 'x-twilio-signature';

export type FormParams = Record<string, string | string[]>;

/** A form body as Twilio posts it (`application/x-www-form-urlencoded`), repeated names kept. */
export function parseForm(raw: Buffer | string): FormParams {
  const params: FormParams = {};
  for (const [name, value] of new URLSearchParams(
    typeof raw === 'string' ? raw : raw.toString('utf8'),
  )) {
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else params[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return params;
}

/**
 * The signed string: the URL exactly as configured, then each POST parameter sorted by name
 * (byte-wise), name + value with no separators; repeated names contribute each distinct value,
 * sorted (as the official SDKs do).
 */
export function signedString(url: string, params: FormParams): string {
  return url + signedParams(params);
}

/** The parameter part of the signed string (the same for every URL variant). */
function signedParams(params: FormParams): string {
  let data = '';
  for (const name of Object.keys(params).sort()) {
    const value = params[name]!;
    const values = Array.isArray(value) ? [...new Set(value)].sort() : [value];
    for (const v of values) data += name + v;
  }
  return data;
}

export const computeSignature = (authToken: string, url: string, params: FormParams) =>
  createHmac('sha1', authToken).update(signedString(url, params), 'utf8').digest('base64');

const DEFAULT_PORT: Record<string, string> = { 'https:': '443', 'http:': '80' };

/**
 * The URL variants Twilio's own SDKs accept, because Twilio's back end is inconsistent about
 * ports: as configured, without the port, with the scheme's default port; and each of these in
 * WHATWG-normalized form (e.g. `'` in the query percent-encoded).
 */
export function urlVariants(url: string): string[] {
  const variants = new Set<string>([url]);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [...variants];
  }
  const withPort = (port: string) => {
    const u = new URL(parsed.href);
    u.port = port;
    let href = u.href;
    // URL drops a default port; splice it in by hand (Twilio may sign with ":443").
    if (port && !u.port) {
      const auth = u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
      href = `${u.protocol}//${auth}${u.hostname}:${port}${u.pathname}${u.search}`;
    }
    return href;
  };
  const normalized = [parsed.href, withPort(''), withPort(DEFAULT_PORT[parsed.protocol] ?? '')];
  // The raw form with the port removed/added, keeping the query bytes exactly as given.
  const raw = url.match(/^(https?:\/\/)([^/?#]*)(.*)$/);
  if (raw) {
    const [, scheme, authority, rest] = raw as unknown as [string, string, string, string];
    const at = authority.lastIndexOf('@');
    const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
    const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
    const host = hostPort.replace(/:\d+$/, '');
    variants.add(`${scheme}${userinfo}${host}${rest}`);
    variants.add(`${scheme}${userinfo}${host}:${DEFAULT_PORT[parsed.protocol] ?? ''}${rest}`);
  }
  for (const v of normalized) variants.add(v);
  return [...variants];
}

// Parsing a URL into its variants costs more than an HMAC: callbacks for one integration all
// come to the same few URLs. Bounded: a spray of distinct URLs only empties the map.
const variantCache = new Map<string, string[]>();
function cachedVariants(url: string): string[] {
  let variants = variantCache.get(url);
  if (!variants) {
    if (variantCache.size >= 1000) variantCache.clear();
    variants = urlVariants(url);
    variantCache.set(url, variants);
  }
  return variants;
}

/** An HMAC-SHA1 digest is 20 bytes: its canonical base64 is 28 characters. */
const SIGNATURE_LENGTH = 20;

/**
 * `X-Twilio-Signature` for a form POST. The claimed signature is decoded once and each variant's
 * digest compared as bytes with `timingSafeEqual` (both are 20 bytes; the claimed length is not
 * secret), and it must be the canonical base64 of those bytes. The URL as configured is tried
 * first and the search stops at a match: which variant matched is not secret (the sender chose
 * the URL, and the answer says whether the signature was good anyway), while no comparison
 * leaks how much of a digest was right.
 */
export function validateFormRequest(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: FormParams,
): boolean {
  if (!signature) return false;
  const claimed = Buffer.from(signature, 'base64');
  if (claimed.length !== SIGNATURE_LENGTH || claimed.toString('base64') !== signature) return false;
  const suffix = signedParams(params);
  return cachedVariants(url).some((candidate) =>
    timingSafeEqual(
      createHmac('sha1', authToken)
        .update(candidate + suffix, 'utf8')
        .digest(),
      claimed,
    ),
  );
}

/**
 * The JSON-body form: Twilio appends `bodySHA256=<hex sha256 of the raw body>` to the URL and
 * signs the URL alone. The body hash must match too.
 */
export function validateJsonRequest(
  authToken: string,
  signature: string | undefined,
  url: string,
  rawBody: Buffer | string,
): boolean {
  if (!signature) return false;
  let claimed: string | null = null;
  try {
    claimed = new URL(url).searchParams.get('bodySHA256');
  } catch {
    return false;
  }
  if (!claimed) return false;
  const actual = createHash('sha256').update(rawBody).digest('hex');
  const bodyOk = safeEqual(actual, claimed);
  return validateFormRequest(authToken, signature, url, {}) && bodyOk;
}
