/**
 * Fernet (github.com/fernet/spec), byte-compatible with Python `cryptography`'s Fernet and
 * MultiFernet, so secrets written by either side can be read by the other.
 *
 * token = base64url(0x80 || timestamp u64 BE || IV(16) || AES-128-CBC-PKCS7(plaintext)
 *                   || HMAC-SHA256(signing key, everything before it))
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const VERSION = 0x80;
const KEY_BYTES = 32;
const IV_BYTES = 16;
const BLOCK_BYTES = 16;
const MAC_BYTES = 32;
const HEADER_BYTES = 1 + 8 + IV_BYTES;
// PKCS7 always adds padding, so even an empty plaintext yields one ciphertext block.
const MIN_TOKEN_BYTES = HEADER_BYTES + BLOCK_BYTES + MAC_BYTES;
// pyca's _MAX_CLOCK_SKEW: tolerate tokens minted by a host whose clock runs slightly ahead.
const MAX_CLOCK_SKEW_SECONDS = 60;
const KEY_FORMAT_HINT = 'Fernet key must be 32 url-safe base64-encoded bytes';

export interface EncryptOptions {
  /** Timestamp to embed; defaults to the current time. */
  now?: Date;
  /** Fixed IV, for reproducing spec vectors only; defaults to 16 random bytes. */
  iv?: Buffer;
}

export interface DecryptOptions {
  /** Maximum token age. Timestamps are only checked when this is given, as in pyca. */
  ttlSeconds?: number;
  /** Reference time for the TTL and clock-skew checks; defaults to the current time. */
  now?: Date;
}

/** The only error decryption throws: the message is fixed so it cannot leak key or token details. */
export class InvalidFernetToken extends Error {
  constructor() {
    super('Invalid Fernet token');
    this.name = 'InvalidFernetToken';
  }
}

/**
 * A parsed 32-byte Fernet secret. The halves live in private fields so they never show up in
 * logs, `util.inspect` or `JSON.stringify`.
 */
export class FernetKey {
  readonly #signingKey: Buffer;
  readonly #encryptionKey: Buffer;

  constructor(secret: string) {
    const bytes = decodeBase64(secret);
    if (bytes === undefined) {
      throw new Error(`Malformed Fernet key: not valid base64 with padding (${KEY_FORMAT_HINT})`);
    }
    if (bytes.length !== KEY_BYTES) {
      throw new Error(
        `Malformed Fernet key: decodes to ${bytes.length} bytes (${KEY_FORMAT_HINT})`,
      );
    }
    this.#signingKey = bytes.subarray(0, 16);
    this.#encryptionKey = bytes.subarray(16);
  }

  /** @internal HMAC-SHA256 under the signing half. */
  sign(data: Buffer): Buffer {
    return createHmac('sha256', this.#signingKey).update(data).digest();
  }

  /** @internal AES-128-CBC with PKCS7 padding under the encryption half. */
  encryptCbc(iv: Buffer, plaintext: Buffer): Buffer {
    const cipher = createCipheriv('aes-128-cbc', this.#encryptionKey, iv);
    return Buffer.concat([cipher.update(plaintext), cipher.final()]);
  }

  /** @internal Inverse of `encryptCbc`; throws on bad padding. */
  decryptCbc(iv: Buffer, ciphertext: Buffer): Buffer {
    const decipher = createDecipheriv('aes-128-cbc', this.#encryptionKey, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  }
}

/** A new random key in the same text form as Python's `Fernet.generate_key()`. */
export function generateFernetKey(): string {
  return encodeBase64Url(randomBytes(KEY_BYTES));
}

export function encrypt(
  key: FernetKey | string,
  plaintext: string | Buffer,
  opts: EncryptOptions = {},
): string {
  const iv = opts.iv ?? randomBytes(IV_BYTES);
  if (iv.length !== IV_BYTES) throw new RangeError(`Fernet IV must be ${IV_BYTES} bytes`);
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  return encryptAt(toKey(key), data, unixSeconds(opts.now ?? new Date()), iv);
}

export function decrypt(key: FernetKey | string, token: string, opts: DecryptOptions = {}): Buffer {
  return decryptParsed(toKey(key), parseToken(token), opts);
}

/** MultiFernet: the first key encrypts, every key decrypts, so keys can be rotated in place. */
export class KeyRing {
  readonly #keys: readonly FernetKey[];

  /** `keys` is a comma-separated list (the `FERNET_KEYS` form) or an array, first key first. */
  constructor(keys: string | readonly (string | FernetKey)[]) {
    const entries = typeof keys === 'string' ? keys.split(',') : keys;
    const parsed: FernetKey[] = [];
    for (const entry of entries) {
      if (entry instanceof FernetKey) {
        parsed.push(entry);
        continue;
      }
      const secret = entry.trim();
      if (secret === '') continue;
      parsed.push(parseRingEntry(secret, parsed.length + 1));
    }
    if (parsed.length === 0) throw new Error('Fernet key ring needs at least one key');
    this.#keys = parsed;
  }

  get size(): number {
    return this.#keys.length;
  }

  encrypt(plaintext: string | Buffer, opts: EncryptOptions = {}): string {
    return encrypt(this.primaryKey(), plaintext, opts);
  }

  decrypt(token: string, opts: DecryptOptions = {}): Buffer {
    const parsed = parseToken(token);
    for (const key of this.#keys) {
      try {
        return decryptParsed(key, parsed, opts);
      } catch (error) {
        if (!(error instanceof InvalidFernetToken)) throw error;
      }
    }
    throw new InvalidFernetToken();
  }

  encryptString(plaintext: string, opts: EncryptOptions = {}): string {
    return this.encrypt(plaintext, opts);
  }

  /** Throws a TypeError rather than returning mojibake if the plaintext is not UTF-8. */
  decryptString(token: string, opts: DecryptOptions = {}): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.decrypt(token, opts));
  }

  /**
   * Re-encrypts a token under the first key with a fresh IV. Like pyca's MultiFernet.rotate,
   * the original timestamp is kept (so TTLs still count from the first encryption) and no
   * TTL or clock-skew check is applied.
   */
  rotate(token: string): string {
    const parsed = parseToken(token);
    for (const key of this.#keys) {
      try {
        const plaintext = decryptParsed(key, parsed, {});
        return encryptAt(this.primaryKey(), plaintext, parsed.timestamp, randomBytes(IV_BYTES));
      } catch (error) {
        if (!(error instanceof InvalidFernetToken)) throw error;
      }
    }
    throw new InvalidFernetToken();
  }

  /**
   * True when the token's MAC does not verify under the first key, i.e. `rotate` would move
   * it. Also true for tokens that are not valid under any key; `rotate` rejects those.
   */
  needsRotation(token: string): boolean {
    try {
      return !hasValidMac(this.primaryKey(), parseToken(token));
    } catch (error) {
      if (error instanceof InvalidFernetToken) return true;
      throw error;
    }
  }

  private primaryKey(): FernetKey {
    // The constructor guarantees at least one key.
    return this.#keys[0] as FernetKey;
  }
}

interface ParsedToken {
  // A Number is exact up to 2^53 s; beyond that only far-future tokens lose precision, and
  // those fail the clock-skew check either way.
  timestamp: number;
  signed: Buffer;
  iv: Buffer;
  ciphertext: Buffer;
  mac: Buffer;
}

function parseToken(token: string): ParsedToken {
  const data = typeof token === 'string' ? decodeBase64(token) : undefined;
  // Length is checked up front so the slices below are well-formed; it is not secret.
  if (
    data === undefined ||
    data.length < MIN_TOKEN_BYTES ||
    (data.length - HEADER_BYTES - MAC_BYTES) % BLOCK_BYTES !== 0 ||
    data[0] !== VERSION
  ) {
    throw new InvalidFernetToken();
  }
  const macStart = data.length - MAC_BYTES;
  return {
    timestamp: Number(data.readBigUInt64BE(1)),
    signed: data.subarray(0, macStart),
    iv: data.subarray(9, HEADER_BYTES),
    ciphertext: data.subarray(HEADER_BYTES, macStart),
    mac: data.subarray(macStart),
  };
}

function decryptParsed(key: FernetKey, token: ParsedToken, opts: DecryptOptions): Buffer {
  // Authenticate before anything else touches attacker-controlled bytes (no padding oracle).
  if (!hasValidMac(key, token)) throw new InvalidFernetToken();
  checkTimestamp(token.timestamp, opts);
  try {
    return key.decryptCbc(token.iv, token.ciphertext);
  } catch {
    throw new InvalidFernetToken();
  }
}

function hasValidMac(key: FernetKey, token: ParsedToken): boolean {
  return timingSafeEqual(key.sign(token.signed), token.mac);
}

function checkTimestamp(timestamp: number, opts: DecryptOptions): void {
  // pyca ignores the timestamp entirely without a TTL; matching that keeps at-rest secrets
  // readable even when the writer's clock ran ahead of ours.
  const ttl = opts.ttlSeconds;
  if (ttl === undefined) return;
  if (!Number.isFinite(ttl)) throw new RangeError('Fernet ttlSeconds must be a finite number');
  const now = unixSeconds(opts.now ?? new Date());
  if (timestamp + ttl < now) throw new InvalidFernetToken();
  if (timestamp > now + MAX_CLOCK_SKEW_SECONDS) throw new InvalidFernetToken();
}

function encryptAt(key: FernetKey, plaintext: Buffer, timestamp: number, iv: Buffer): string {
  const header = Buffer.alloc(9);
  header[0] = VERSION;
  header.writeBigUInt64BE(BigInt(timestamp), 1);
  const signed = Buffer.concat([header, iv, key.encryptCbc(iv, plaintext)]);
  return encodeBase64Url(Buffer.concat([signed, key.sign(signed)]));
}

function toKey(key: FernetKey | string): FernetKey {
  return typeof key === 'string' ? new FernetKey(key) : key;
}

function parseRingEntry(secret: string, position: number): FernetKey {
  try {
    return new FernetKey(secret);
  } catch (error) {
    // Say which entry is bad without echoing it: the ring usually comes from FERNET_KEYS.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Fernet key ring entry #${position}: ${reason}`);
  }
}

function unixSeconds(date: Date): number {
  const ms = date.getTime();
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError('Fernet time must be a valid post-1970 Date');
  }
  // Truncate like Python's int(time.time()).
  return Math.floor(ms / 1000);
}

// Python's urlsafe_b64decode also accepts '+' and '/' and insists on correct '=' padding;
// accepting the same set means every key or token Python takes is taken here too.
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]*={0,2}$/;

function decodeBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !BASE64_PATTERN.test(text)) return undefined;
  // Node's 'base64' decoder reads both alphabets.
  return Buffer.from(text, 'base64');
}

// Padded url-safe base64, as Python's urlsafe_b64encode emits (Node's 'base64url' drops '=').
function encodeBase64Url(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
