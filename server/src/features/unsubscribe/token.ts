import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** The first byte of every token: a new layout (or key) gets a new version, old links still verify. */
const VERSION = 1;
const ID_BYTES = 16;
const MAC_BYTES = 32;
const TOKEN_BYTES = 1 + 2 * ID_BYTES + MAC_BYTES;
/** base64url without padding of TOKEN_BYTES bytes. */
const TOKEN_RE = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((TOKEN_BYTES * 4) / 3)}}$`);
const UUID_HEX_RE = /^[0-9a-f]{32}$/;

export interface UnsubscribeTarget {
  orgId: string;
  /** The outbound email message the link was sent in; it names the address that opted out. */
  messageId: string;
}

const uuidBytes = (id: string) => {
  const hex = id.replaceAll('-', '').toLowerCase();
  if (!UUID_HEX_RE.test(hex)) throw new Error('not a uuid');
  return Buffer.from(hex, 'hex');
};

const uuidString = (bytes: Buffer) => {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * Unsubscribe links (decisions 014 and 031): `base64url(version ‖ org id ‖ message id ‖
 * HMAC-SHA256)`, keyed by a key derived for this purpose only from each secret of a key ring
 * (`UNSUBSCRIBE_KEYS`, default SESSION_SECRET): the first signs, every one verifies, so a secret
 * can be rotated without breaking the links in emails already sent. Stateless and without expiry:
 * a link in a years-old email still works. It carries no address; the message row says who it
 * went to.
 */
export function createUnsubscribeLinks(opts: { secrets: readonly string[]; publicUrl: string }) {
  if (!opts.secrets.length || opts.secrets.some((s) => !s)) {
    throw new Error('unsubscribe links need a secret');
  }
  const keys = opts.secrets.map((secret) =>
    Buffer.from(hkdfSync('sha256', secret, 'switchboard', 'unsubscribe-link/v1', MAC_BYTES)),
  );
  const macWith = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();
  const mac = (data: Buffer) => macWith(keys[0]!, data);

  function token(target: UnsubscribeTarget): string {
    const data = Buffer.concat([
      Buffer.from([VERSION]),
      uuidBytes(target.orgId),
      uuidBytes(target.messageId),
    ]);
    return Buffer.concat([data, mac(data)]).toString('base64url');
  }

  return {
    token,

    /** The public URL the email carries (`List-Unsubscribe` and `{{ unsubscribe_url }}`). */
    url: (target: UnsubscribeTarget) => `${opts.publicUrl}/u/${token(target)}`,

    /** The target of a genuine token; undefined for anything malformed or tampered with. */
    verify(value: string): UnsubscribeTarget | undefined {
      if (!TOKEN_RE.test(value)) return undefined;
      const raw = Buffer.from(value, 'base64url');
      // Only the canonical spelling: base64url's spare low bits must not give one token twins.
      if (raw.length !== TOKEN_BYTES || raw[0] !== VERSION || raw.toString('base64url') !== value) {
        return undefined;
      }
      const data = raw.subarray(0, TOKEN_BYTES - MAC_BYTES);
      const given = raw.subarray(TOKEN_BYTES - MAC_BYTES);
      if (!keys.some((key) => timingSafeEqual(macWith(key, data), given))) return undefined;
      return {
        orgId: uuidString(data.subarray(1, 1 + ID_BYTES)),
        messageId: uuidString(data.subarray(1 + ID_BYTES)),
      };
    },
  };
}

export type UnsubscribeLinks = ReturnType<typeof createUnsubscribeLinks>;
