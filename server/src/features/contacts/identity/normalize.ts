import { domainToASCII } from 'node:url';
import {
  isSupportedCountry,
  parsePhoneNumberWithError,
  ParseError,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/max';
import validator from 'validator';
import type { Channel } from '../../../db/schema/index.js';
import { AppError } from '../../../platform/errors.js';

export interface NormalizedIdentity {
  channel: Channel;
  /** As entered (trimmed), for display. */
  value: string;
  /** What uniqueness is on: E.164, lower-cased email with an ASCII domain, handle or id. */
  normalized: string;
  /** Equal for identities that are probably the same person on another channel. */
  matchKey: string;
}

export type IdentityErrorCode =
  'invalid_phone' | 'invalid_email' | 'invalid_telegram' | 'invalid_instagram';

export type IdentityResult =
  ({ ok: true } & NormalizedIdentity) | { ok: false; code: IdentityErrorCode; reason: string };

const PHONE_REASONS: Record<string, string> = {
  NOT_A_NUMBER: 'is not a phone number',
  INVALID_COUNTRY:
    'has no valid country code: start it with + and the country code, or give a region',
  TOO_SHORT: 'is too short',
  TOO_LONG: 'is too long',
  INVALID_LENGTH: 'has a length no number in its country has',
};

const fail = (code: IdentityErrorCode, reason: string): IdentityResult => ({
  ok: false,
  code,
  reason,
});

/**
 * libphonenumber-js 1.13.16 tests RFC 3966 phone-context with a module-level /g regex
 * (helpers/extractPhoneContext.js), so a tel: URI parsed right after another one fails once; the
 * failing test resets the regex, so a single retry gives the right answer.
 */
function parsePhone(text: string, defaultCountry: CountryCode | undefined) {
  const options = defaultCountry ? { defaultCountry } : {};
  if (!text.includes('phone-context=')) return parsePhoneNumberWithError(text, options);
  try {
    return parsePhoneNumberWithError(text, options);
  } catch {
    return parsePhoneNumberWithError(text, options);
  }
}

/** `region` is the default country for numbers written without +country code (ISO 3166 alpha-2). */
export function normalizePhone(input: string, region?: string): IdentityResult {
  // NFKC turns full-width digits, plus signs and spaces into ASCII, as Java libphonenumber does.
  const text = input.normalize('NFKC').trim();
  if (!text || text.length > 64) return fail('invalid_phone', PHONE_REASONS.NOT_A_NUMBER!);
  let defaultCountry: CountryCode | undefined;
  if (region !== undefined && region !== '') {
    const upper = region.toUpperCase();
    if (!isSupportedCountry(upper)) return fail('invalid_phone', `region ${region} is unknown`);
    defaultCountry = upper;
  }
  try {
    const parsed = parsePhone(text, defaultCountry);
    if (!parsed.isValid()) {
      const length = validatePhoneNumberLength(text, defaultCountry ? { defaultCountry } : {});
      return fail(
        'invalid_phone',
        (length && PHONE_REASONS[length]) ?? 'is not a valid number in its country',
      );
    }
    return {
      ok: true,
      channel: 'phone',
      value: input.trim(),
      normalized: parsed.number,
      matchKey: `tel:${parsed.number}`,
    };
  } catch (err) {
    if (err instanceof ParseError) {
      return fail('invalid_phone', PHONE_REASONS[err.message] ?? 'is not a phone number');
    }
    throw err;
  }
}

const EMAIL_OPTIONS = {
  allow_display_name: false,
  require_tld: true,
  allow_ip_domain: false,
  allow_utf8_local_part: true,
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * validator's isEmail, except that it returns false (instead of throwing a URIError) for strings
 * with unpaired UTF-16 surrogates.
 */
export function isEmailSyntax(value: string, options: validator.IsEmailOptions = EMAIL_OPTIONS) {
  if (LONE_SURROGATE.test(value)) return false;
  try {
    return validator.isEmail(value, options);
  } catch {
    return false;
  }
}

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

export function normalizeEmail(input: string): IdentityResult {
  const value = input.trim();
  if (value.length > 254 || !isEmailSyntax(value)) {
    return fail('invalid_email', 'is not a valid email address');
  }
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const domain = domainToASCII(value.slice(at + 1).toLowerCase());
  if (!domain) return fail('invalid_email', 'has a domain that is not a valid domain name');
  const normalized = `${local.toLowerCase()}@${domain}`;
  // Sub-addresses (+tag) reach the same mailbox; Gmail also ignores dots.
  let matchLocal = local.toLowerCase().split('+')[0] || local.toLowerCase();
  let matchDomain = domain;
  if (GMAIL_DOMAINS.has(domain)) {
    matchLocal = matchLocal.replaceAll('.', '');
    matchDomain = 'gmail.com';
  }
  return {
    ok: true,
    channel: 'email',
    value,
    normalized,
    matchKey: `email:${matchLocal}@${matchDomain}`,
  };
}

const TELEGRAM_ID = /^-?[1-9]\d{0,19}$/;
const TELEGRAM_USERNAME = /^@?([A-Za-z0-9_]{5,32})$/;

export function normalizeTelegram(input: string): IdentityResult {
  const value = input.trim();
  if (TELEGRAM_ID.test(value)) {
    return { ok: true, channel: 'telegram', value, normalized: value, matchKey: `tg:${value}` };
  }
  const m = TELEGRAM_USERNAME.exec(value);
  if (!m) {
    return fail(
      'invalid_telegram',
      'must be a numeric chat id or a @username of 5–32 letters, digits or underscores',
    );
  }
  const normalized = `@${m[1]!.toLowerCase()}`;
  return { ok: true, channel: 'telegram', value, normalized, matchKey: `tg:${normalized}` };
}

const INSTAGRAM_ID = /^[1-9]\d{0,29}$/;
const INSTAGRAM_HANDLE = /^@?([A-Za-z0-9._]{1,30})$/;

export function normalizeInstagram(input: string): IdentityResult {
  const value = input.trim();
  if (INSTAGRAM_ID.test(value)) {
    return { ok: true, channel: 'instagram', value, normalized: value, matchKey: `ig:${value}` };
  }
  const m = INSTAGRAM_HANDLE.exec(value);
  if (!m) {
    return fail(
      'invalid_instagram',
      'must be a numeric scoped id or a handle of 1–30 letters, digits, dots or underscores',
    );
  }
  const normalized = `@${m[1]!.toLowerCase()}`;
  return { ok: true, channel: 'instagram', value, normalized, matchKey: `ig:${normalized}` };
}

export function parseIdentity(
  channel: Channel,
  value: string,
  opts: { region?: string | undefined } = {},
): IdentityResult {
  switch (channel) {
    case 'phone':
      return normalizePhone(value, opts.region);
    case 'whatsapp': {
      // WhatsApp addresses are phone numbers: same E.164, same match key as `phone`.
      const r = normalizePhone(value, opts.region);
      return r.ok ? { ...r, channel: 'whatsapp' } : r;
    }
    case 'email':
      return normalizeEmail(value);
    case 'telegram':
      return normalizeTelegram(value);
    case 'instagram':
      return normalizeInstagram(value);
  }
}

/** parseIdentity, throwing the 422 (`invalid_phone`, …) with the reason and the field path. */
export function normalizeIdentity(
  channel: Channel,
  value: string,
  opts: { region?: string | undefined; path?: string } = {},
): NormalizedIdentity {
  const r = parseIdentity(channel, value, opts);
  if (r.ok) {
    const { ok: _ok, ...identity } = r;
    return identity;
  }
  const path = opts.path ?? 'value';
  throw new AppError(r.code, `The ${channel} ${JSON.stringify(value)} ${r.reason}.`, {
    errors: [{ path, message: r.reason }],
  });
}
