import { inspect } from 'node:util';
import { describe, it, expect } from 'vitest';
import { loadVectors } from '../../test/vectors.js';
import {
  FernetKey,
  InvalidFernetToken,
  KeyRing,
  decrypt,
  encrypt,
  generateFernetKey,
} from './fernet.js';

interface GenerateVector {
  token: string;
  now: string;
  iv: number[];
  src: string;
  secret: string;
}

interface VerifyVector {
  token: string;
  now: string;
  ttl_sec: number;
  src: string;
  secret: string;
}

interface InvalidVector {
  desc: string;
  token: string;
  now: string;
  ttl_sec: number;
  secret: string;
}

interface FernetVectors {
  generate: GenerateVector[];
  verify: VerifyVector[];
  invalid: InvalidVector[];
}

const vectors = loadVectors<FernetVectors>('01_fernet.json');

const KEY_A = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
const KEY_B = generateFernetKey();
const KEY_C = generateFernetKey();

function flipByte(token: string, index: number): string {
  const bytes = Buffer.from(token, 'base64');
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

function tokenTimestamp(token: string): bigint {
  return Buffer.from(token, 'base64').readBigUInt64BE(1);
}

describe('fernet spec vectors', () => {
  it('has vectors of every kind', () => {
    expect(vectors.generate.length).toBeGreaterThan(0);
    expect(vectors.verify.length).toBeGreaterThan(0);
    expect(vectors.invalid.length).toBeGreaterThan(0);
  });

  for (const v of vectors.generate) {
    it(`generate: reproduces ${v.token.slice(0, 16)}… exactly`, () => {
      const token = encrypt(v.secret, v.src, { now: new Date(v.now), iv: Buffer.from(v.iv) });
      expect(token).toBe(v.token);
    });
  }

  for (const v of vectors.verify) {
    it(`verify: decrypts ${v.token.slice(0, 16)}… to its source`, () => {
      const plaintext = decrypt(v.secret, v.token, { ttlSeconds: v.ttl_sec, now: new Date(v.now) });
      expect(plaintext.toString('utf8')).toBe(v.src);
    });
  }

  for (const v of vectors.invalid) {
    it(`invalid: rejects "${v.desc}"`, () => {
      const opts = { ttlSeconds: v.ttl_sec, now: new Date(v.now) };
      expect(() => decrypt(v.secret, v.token, opts)).toThrow(InvalidFernetToken);
      expect(() => new KeyRing([v.secret, KEY_B]).decrypt(v.token, opts)).toThrow(
        InvalidFernetToken,
      );
    });
  }
});

describe('fernet timestamps', () => {
  const minted = new Date('2024-01-01T00:00:00Z');
  const token = encrypt(KEY_A, 'x', { now: minted });
  const at = (seconds: number): Date => new Date(minted.getTime() + seconds * 1000);

  it('accepts a token exactly at the TTL boundary and rejects one second later', () => {
    expect(decrypt(KEY_A, token, { ttlSeconds: 60, now: at(60) }).toString()).toBe('x');
    expect(() => decrypt(KEY_A, token, { ttlSeconds: 60, now: at(61) })).toThrow(
      InvalidFernetToken,
    );
  });

  it('allows 60 s of clock skew when a TTL is given, and no more', () => {
    expect(decrypt(KEY_A, token, { ttlSeconds: 10, now: at(-60) }).toString()).toBe('x');
    expect(() => decrypt(KEY_A, token, { ttlSeconds: 10, now: at(-61) })).toThrow(
      InvalidFernetToken,
    );
  });

  it('ignores the timestamp without a TTL, like pyca', () => {
    expect(decrypt(KEY_A, token, { now: at(-3600) }).toString()).toBe('x');
    expect(decrypt(KEY_A, token, { now: at(10 * 365 * 86400) }).toString()).toBe('x');
  });
});

describe('fernet keys', () => {
  it('generates padded url-safe keys of 32 bytes, like Fernet.generate_key()', () => {
    const key = generateFernetKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(generateFernetKey()).not.toBe(key);
  });

  it.each([
    ['empty', ''],
    ['too short', Buffer.alloc(16).toString('base64')],
    ['too long', Buffer.alloc(33).toString('base64')],
    ['missing padding', KEY_A.slice(0, -1)],
    ['bad characters', `${KEY_A.slice(0, -2)}!=`],
  ])('rejects a malformed key (%s)', (_label, secret) => {
    expect(() => new FernetKey(secret)).toThrow(/Malformed Fernet key/);
  });

  it('accepts the standard base64 alphabet, as Python does', () => {
    const standard = Buffer.from(KEY_A, 'base64').toString('base64');
    expect(standard).not.toBe(KEY_A);
    const token = encrypt(standard, 'same key');
    expect(decrypt(KEY_A, token).toString()).toBe('same key');
  });

  it('keeps key material out of error messages and inspection', () => {
    const secret = `${KEY_A.slice(0, -2)}!=`;
    expect(() => new FernetKey(secret)).toThrow(
      expect.not.objectContaining({ message: expect.stringContaining(secret.slice(0, 10)) }),
    );
    const key = new FernetKey(KEY_A);
    expect(inspect(key, { showHidden: true })).not.toContain('cw_0x');
    expect(JSON.stringify(key)).toBe('{}');
  });

  it('rejects an IV of the wrong size', () => {
    expect(() => encrypt(KEY_A, 'x', { iv: Buffer.alloc(8) })).toThrow(RangeError);
  });
});

describe('fernet round trips and tampering', () => {
  it.each([
    ['empty', ''],
    ['ascii', 'hello'],
    ['unicode', 'Zoë says héllo — 你好 👋🏽'],
    ['exactly one block', '0123456789abcdef'],
  ])('round-trips %s plaintext', (_label, text) => {
    const ring = new KeyRing(KEY_A);
    expect(ring.decryptString(ring.encryptString(text))).toBe(text);
    expect(decrypt(KEY_A, encrypt(KEY_A, text)).toString('utf8')).toBe(text);
  });

  it('round-trips binary plaintext', () => {
    const bytes = Buffer.from([0, 255, 128, 10, 13]);
    expect(decrypt(KEY_A, encrypt(KEY_A, bytes)).equals(bytes)).toBe(true);
  });

  it('uses a fresh IV per encryption', () => {
    expect(encrypt(KEY_A, 'same')).not.toBe(encrypt(KEY_A, 'same'));
  });

  it.each([
    ['version', 0],
    ['timestamp', 8],
    ['iv', 9],
    ['ciphertext', 30],
    ['mac', -1],
  ])('rejects a token with a flipped %s byte', (_label, index) => {
    const token = encrypt(KEY_A, 'secret value');
    const length = Buffer.from(token, 'base64').length;
    const tampered = flipByte(token, index < 0 ? length + index : index);
    expect(() => decrypt(KEY_A, tampered)).toThrow(InvalidFernetToken);
  });

  it('rejects a token from another key, truncated tokens and unpadded tokens', () => {
    const token = encrypt(KEY_A, 'secret value');
    expect(() => decrypt(KEY_B, token)).toThrow(InvalidFernetToken);
    expect(() => decrypt(KEY_A, token.slice(0, -8))).toThrow(InvalidFernetToken);
    expect(() => decrypt(KEY_A, token.replace(/=+$/, ''))).toThrow(InvalidFernetToken);
    expect(() => decrypt(KEY_A, '')).toThrow(InvalidFernetToken);
  });

  it('never puts key material in the token error message', () => {
    try {
      decrypt(KEY_A, 'garbage');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidFernetToken);
      expect((error as Error).message).toBe('Invalid Fernet token');
    }
  });
});

describe('KeyRing', () => {
  it('parses a comma-separated list, trimming whitespace and skipping empty entries', () => {
    const ring = new KeyRing(` ${KEY_A} ,, \n${KEY_B},`);
    expect(ring.size).toBe(2);
    expect(new KeyRing([' ', KEY_C, '']).size).toBe(1);
  });

  it('requires at least one key', () => {
    expect(() => new KeyRing('')).toThrow(/at least one key/);
    expect(() => new KeyRing(' , ')).toThrow(/at least one key/);
    expect(() => new KeyRing([])).toThrow(/at least one key/);
  });

  it('names the malformed entry without echoing it', () => {
    expect(() => new KeyRing(`${KEY_A},not-a-key`)).toThrow(/entry #2: Malformed Fernet key/);
    expect(() => new KeyRing(`${KEY_A},not-a-key`)).not.toThrow(/not-a-key/);
  });

  it('encrypts with the first key', () => {
    const token = new KeyRing([KEY_A, KEY_B]).encrypt('hi');
    expect(decrypt(KEY_A, token).toString()).toBe('hi');
    expect(() => decrypt(KEY_B, token)).toThrow(InvalidFernetToken);
  });

  it('decrypts tokens made with any key in the ring', () => {
    const ring = new KeyRing([KEY_A, KEY_B, KEY_C]);
    expect(ring.decryptString(encrypt(KEY_B, 'from b'))).toBe('from b');
    expect(ring.decryptString(encrypt(KEY_C, 'from c'))).toBe('from c');
    expect(() => ring.decrypt(encrypt(generateFernetKey(), 'stranger'))).toThrow(
      InvalidFernetToken,
    );
  });

  it('applies TTL checks when decrypting through the ring', () => {
    const minted = new Date('2024-01-01T00:00:00Z');
    const token = encrypt(KEY_B, 'old', { now: minted });
    const ring = new KeyRing([KEY_A, KEY_B]);
    const later = new Date(minted.getTime() + 120_000);
    expect(() => ring.decrypt(token, { ttlSeconds: 60, now: later })).toThrow(InvalidFernetToken);
    expect(ring.decryptString(token, { ttlSeconds: 300, now: later })).toBe('old');
  });

  it('rotates a token onto the first key, keeping its timestamp like pyca', () => {
    const minted = new Date('2020-05-05T05:05:05Z');
    const old = encrypt(KEY_B, 'rotate me', { now: minted });
    const ring = new KeyRing([KEY_A, KEY_B]);

    const rotated = ring.rotate(old);

    expect(decrypt(KEY_A, rotated).toString()).toBe('rotate me');
    expect(() => decrypt(KEY_B, rotated)).toThrow(InvalidFernetToken);
    expect(tokenTimestamp(rotated)).toBe(tokenTimestamp(old));
    expect(ring.needsRotation(rotated)).toBe(false);
  });

  it('re-encrypts even tokens already under the first key, with a new IV', () => {
    const ring = new KeyRing([KEY_A, KEY_B]);
    const token = ring.encrypt('again');
    const rotated = ring.rotate(token);
    expect(rotated).not.toBe(token);
    expect(ring.decryptString(rotated)).toBe('again');
  });

  it('refuses to rotate tokens that no key in the ring accepts', () => {
    const ring = new KeyRing([KEY_A, KEY_B]);
    expect(() => ring.rotate(encrypt(KEY_C, 'x'))).toThrow(InvalidFernetToken);
    expect(() => ring.rotate(flipByte(encrypt(KEY_B, 'x'), 30))).toThrow(InvalidFernetToken);
  });

  it('reports whether a token needs rotation', () => {
    const ring = new KeyRing([KEY_A, KEY_B]);
    expect(ring.needsRotation(encrypt(KEY_A, 'x'))).toBe(false);
    expect(ring.needsRotation(encrypt(KEY_B, 'x'))).toBe(true);
    expect(ring.needsRotation('not a token')).toBe(true);
  });

  it('rejects non-UTF-8 plaintext in decryptString instead of mangling it', () => {
    const ring = new KeyRing(KEY_A);
    const token = ring.encrypt(Buffer.from([0xff, 0xfe]));
    expect(() => ring.decryptString(token)).toThrow(TypeError);
  });
});
