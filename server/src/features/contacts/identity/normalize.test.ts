import { describe, expect, it } from 'vitest';
import { loadVectors } from '../../../test/vectors.js';
import { isEmailSyntax, parseIdentity } from './normalize.js';

interface PhoneVectors {
  parse: {
    input: string;
    region: string;
    expected_e164_libphonenumber_test: string;
    verified_locally: boolean;
  }[];
  parse_failures: { input: string; region: string; expected_error_libphonenumber: string }[];
  validity: { e164: string; expected_valid_libphonenumber_test: boolean }[];
  example_numbers: {
    region: string;
    national_input: string;
    expected_e164: string;
    expected_valid: boolean;
  }[];
}

interface EmailVectors {
  suites: {
    options: Record<string, boolean>;
    valid: { value: string }[];
    invalid: { value: string }[];
  }[];
  unpaired_surrogates: { vectors: { value: string }[] };
}

const phone = loadVectors<PhoneVectors>('09a_phone_e164.json');
const email = loadVectors<EmailVectors>('09b_email_validation.json');
const region = (r: string) => (r === 'ZZ' ? undefined : r);

describe('phone normalization (09a vectors)', () => {
  const agreed = phone.parse.filter((v) => v.verified_locally);
  const divergent = phone.parse.filter((v) => !v.verified_locally);

  it.each(agreed.map((v) => [v.input, v.region, v.expected_e164_libphonenumber_test]))(
    'parses %j (region %s) to %s',
    (input, r, e164) => {
      expect(parseIdentity('phone', input, { region: region(r) })).toMatchObject({
        ok: true,
        normalized: e164,
        matchKey: `tel:${e164}`,
      });
    },
  );

  // The file marks these as inputs libphonenumber-js cannot parse the way Java does; Java is
  // authoritative, so the one thing we must never do is store a different number.
  it.each(divergent.map((v) => [v.input, v.region, v.expected_e164_libphonenumber_test]))(
    'parses %j (region %s) to %s or refuses it, never to another number',
    (input, r, e164) => {
      const result = parseIdentity('phone', input, { region: region(r) });
      if (result.ok) expect(result.normalized).toBe(e164);
      else expect(result.code).toBe('invalid_phone');
    },
  );

  it('parses tel: URIs one after another (libphonenumber-js keeps regex state)', () => {
    for (let i = 0; i < 3; i++) {
      expect(parseIdentity('phone', 'tel:03-331-6005;phone-context=+64', { region: 'NZ' }).ok).toBe(
        true,
      );
      expect(parseIdentity('phone', 'tel:331-6005;phone-context=+64-3', { region: 'US' }).ok).toBe(
        true,
      );
    }
  });

  it('turns full-width digits and plus signs into the same number (NFKC)', () => {
    expect(parseIdentity('phone', '＋1 (650) 253-0000', { region: 'SG' })).toMatchObject({
      normalized: '+16502530000',
    });
  });

  it.each(phone.parse_failures.map((v) => [v.input, v.region, v.expected_error_libphonenumber]))(
    'refuses %j (region %s): %s',
    (input, r) => {
      const result = parseIdentity('whatsapp', input, { region: region(r) });
      expect(result).toMatchObject({
        ok: false,
        code: 'invalid_phone',
        reason: expect.any(String),
      });
    },
  );

  it.each(phone.validity.map((v) => [v.e164, v.expected_valid_libphonenumber_test]))(
    '%s is valid: %s',
    (e164, valid) => {
      expect(parseIdentity('phone', e164).ok).toBe(valid);
    },
  );

  it.each(phone.example_numbers.map((v) => [v.region, v.national_input, v.expected_e164]))(
    'example number of %s: %s and its E.164 both normalize to %s',
    (r, national, e164) => {
      expect(parseIdentity('phone', national, { region: r })).toMatchObject({ normalized: e164 });
      expect(parseIdentity('phone', e164)).toMatchObject({ normalized: e164 });
    },
  );

  it('says why a number is refused', () => {
    expect(parseIdentity('phone', '+49 0')).toMatchObject({ reason: 'is too short' });
    expect(parseIdentity('phone', '+ 00 210 3 331 6005', { region: 'NZ' })).toMatchObject({
      reason: expect.stringContaining('country code'),
    });
    expect(parseIdentity('phone', '4155550123', { region: 'XX' })).toMatchObject({
      reason: 'region XX is unknown',
    });
    expect(parseIdentity('phone', '4155550123')).toMatchObject({ ok: false });
  });
});

describe('email validation (09b vectors)', () => {
  for (const suite of email.suites) {
    const label = JSON.stringify(suite.options);
    it.each(suite.valid.map((v) => [v.value]))(`accepts %j with ${label}`, (value) => {
      expect(isEmailSyntax(value, suite.options)).toBe(true);
    });
    it.each(suite.invalid.map((v) => [v.value]))(`refuses %j with ${label}`, (value) => {
      expect(isEmailSyntax(value, suite.options)).toBe(false);
    });
  }

  it.each(email.unpaired_surrogates.vectors.map((v) => [v.value]))(
    'refuses %j (unpaired surrogate) without throwing',
    (value) => {
      expect(isEmailSyntax(value)).toBe(false);
      expect(parseIdentity('email', value)).toMatchObject({ ok: false, code: 'invalid_email' });
    },
  );

  const defaults = email.suites.find((s) => Object.keys(s.options).length === 0)!;
  it.each(defaults.valid.map((v) => [v.value]))('normalizes %j', (value) => {
    const result = parseIdentity('email', value);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const at = value.lastIndexOf('@');
    expect(result.value).toBe(value);
    expect(result.normalized.slice(0, result.normalized.lastIndexOf('@'))).toBe(
      value.slice(0, at).toLowerCase(),
    );
    expect(result.normalized).toMatch(/@[\x20-\x7e]+$/);
  });
  it.each(defaults.invalid.map((v) => [v.value]))('refuses %j', (value) => {
    expect(parseIdentity('email', value)).toMatchObject({ ok: false, code: 'invalid_email' });
  });

  it('lower-cases the domain to ASCII (IDNA) and keeps the local part for display', () => {
    expect(parseIdentity('email', ' Hans.Müller@Bücher.EXAMPLE ')).toMatchObject({
      value: 'Hans.Müller@Bücher.EXAMPLE',
      normalized: 'hans.müller@xn--bcher-kva.example',
    });
  });

  it('gives sub-addresses and Gmail dot variants one match key', () => {
    const a = parseIdentity('email', 'Jane.Doe+news@googlemail.com');
    const b = parseIdentity('email', 'janedoe@gmail.com');
    expect(a.ok && b.ok && a.matchKey === b.matchKey).toBe(true);
  });
});

describe('telegram and instagram', () => {
  it.each([
    ['telegram', '123456789', '123456789'],
    ['telegram', '@Jane_Doe', '@jane_doe'],
    ['telegram', 'JaneDoe', '@janedoe'],
    ['instagram', '17841400000000000', '17841400000000000'],
    ['instagram', '@Jane.Doe_', '@jane.doe_'],
  ] as const)('%s %j normalizes to %s', (channel, value, normalized) => {
    expect(parseIdentity(channel, value)).toMatchObject({ ok: true, normalized });
  });
  it.each([
    ['telegram', '@abc', 'invalid_telegram'],
    ['telegram', '@' + 'a'.repeat(33), 'invalid_telegram'],
    ['telegram', 'jane-doe', 'invalid_telegram'],
    ['instagram', 'a'.repeat(31), 'invalid_instagram'],
    ['instagram', 'jane doe', 'invalid_instagram'],
    ['instagram', '', 'invalid_instagram'],
  ] as const)('%s %j is refused with %s', (channel, value, code) => {
    expect(parseIdentity(channel, value)).toMatchObject({ ok: false, code });
  });
});
