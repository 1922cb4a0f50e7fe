import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import type { LogoContentType } from '../../db/schema/index.js';
import { AppError } from '../../platform/errors.js';

/** 1 MB: the most a logo may be, enforced while the upload streams (limit + 1 byte → 413). */
export const LOGO_MAX_BYTES = 1024 * 1024;
export const LOGO_MIN_PX = 32;
export const LOGO_MAX_PX = 2048;

/** What the bytes are, by their magic numbers: the file's name and declared type are ignored. */
const DETECTED: Record<string, { contentType: LogoContentType; ext: LogoExtension }> = {
  'image/png': { contentType: 'image/png', ext: 'png' },
  'image/jpeg': { contentType: 'image/jpeg', ext: 'jpg' },
  'image/webp': { contentType: 'image/webp', ext: 'webp' },
  'image/gif': { contentType: 'image/gif', ext: 'gif' },
};
export const LOGO_EXTENSIONS = ['png', 'jpg', 'webp', 'gif'] as const;
export type LogoExtension = (typeof LOGO_EXTENSIONS)[number];

export const extensionOf = (contentType: LogoContentType): LogoExtension =>
  DETECTED[contentType]!.ext;

export interface InspectedLogo {
  contentType: LogoContentType;
  ext: LogoExtension;
  width: number;
  height: number;
  bytes: number;
  /** Lowercase hex. */
  sha256: string;
}

const unsupported = (detail: string) => new AppError('logo_unsupported_type', detail);

/**
 * Markup a browser could be talked into running if the file were ever served as HTML or SVG: an
 * image that is also a page (a "polyglot") is refused even though it is a valid image. Each
 * marker is long enough (5+ bytes) that compressed pixel data practically never spells it.
 */
const MARKUP_RE =
  /<(?:!doctype|html[\s>]|head[\s>]|body[\s>]|script|svg[\s>:]|iframe|object[\s>]|embed[\s>]|meta[\s>]|\?xml|a\s+href|img\s|style[\s>])/i;

/** PNG: well-formed chunks from IHDR to IEND, nothing after it (where polyglots hide pages). */
function checkPngStructure(data: Buffer) {
  let offset = 8;
  let sawEnd = false;
  while (offset + 8 <= data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > data.length) break;
    offset = end;
    if (type === 'IEND') {
      sawEnd = true;
      break;
    }
  }
  if (!sawEnd) throw unsupported('The PNG file is truncated or damaged.');
  if (offset !== data.length) throw unsupported('The PNG file has data after its end.');
}

/** WebP: a RIFF container whose first chunk (VP8, VP8L or VP8X) is all there. */
function checkWebpStructure(data: Buffer) {
  const declared = data.length >= 20 ? data.readUInt32LE(4) + 8 : 0;
  const chunk = data.length >= 20 ? data.readUInt32LE(16) : 0;
  const enough = data.length >= 30 && declared <= data.length && 20 + chunk <= data.length;
  if (!enough) throw unsupported('The WebP file is truncated or damaged.');
}

/** GIF: the first frame's size, from its image descriptor (after the colour table and extensions). */
function firstGifFrame(data: Buffer): { width: number; height: number } {
  const damaged = () => unsupported('The GIF file is truncated or damaged.');
  if (data.length < 13) throw damaged();
  const flags = data[10]!;
  let offset = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  while (offset < data.length) {
    const block = data[offset]!;
    if (block === 0x2c) {
      if (offset + 10 > data.length) throw damaged();
      return { width: data.readUInt16LE(offset + 5), height: data.readUInt16LE(offset + 7) };
    }
    if (block !== 0x21) break;
    // An extension: label, then sub-blocks until a zero length.
    offset += 2;
    while (offset < data.length && data[offset] !== 0) offset += data[offset]! + 1;
    offset += 1;
  }
  throw damaged();
}

function readSize(data: Buffer, contentType: LogoContentType) {
  let size: { width: number; height: number };
  try {
    // A copy with its own ArrayBuffer: image-size reads through `.buffer`, and a small Buffer is
    // a slice of a shared pool, so a truncated file would be read on into its neighbours' bytes.
    size = imageSize(new Uint8Array(data));
  } catch {
    throw unsupported('The image header cannot be read: the file is truncated or damaged.');
  }
  if (![size.width, size.height].every((n) => Number.isInteger(n) && n > 0)) {
    throw unsupported('The image header cannot be read: the file is truncated or damaged.');
  }
  if (contentType === 'image/png') checkPngStructure(data);
  if (contentType === 'image/webp') checkWebpStructure(data);
  if (contentType === 'image/gif') {
    const frame = firstGifFrame(data);
    const fits = (n: number) => n >= LOGO_MIN_PX && n <= LOGO_MAX_PX;
    // An animated GIF is fine if its first frame (the one shown where animation is off) fits.
    if (!fits(frame.width) || !fits(frame.height)) return frame;
  }
  return { width: size.width, height: size.height };
}

/**
 * Validates a logo by its content, in pure JavaScript (no native image library): a PNG, JPEG,
 * WebP or GIF by its magic bytes (`file-type`), of at most 1 MB, 32–2048 px on each side as its
 * header says (`image-size`), and not also a page. Throws 413 `logo_too_large`, 422
 * `logo_dimensions` or 415 `logo_unsupported_type`.
 */
export async function inspectLogo(data: Buffer): Promise<InspectedLogo> {
  if (data.length > LOGO_MAX_BYTES) {
    throw new AppError('logo_too_large', 'The logo must be at most 1 MB.');
  }
  const type = await fileTypeFromBuffer(data);
  const detected = type && DETECTED[type.mime];
  if (!detected) {
    throw unsupported('The file is not a PNG, JPEG, WebP or GIF image (SVG is not accepted).');
  }
  const { width, height } = readSize(data, detected.contentType);
  if (MARKUP_RE.test(data.toString('latin1'))) {
    throw unsupported('The file contains HTML or SVG markup besides the image.');
  }
  for (const [side, px] of [
    ['wide', width],
    ['tall', height],
  ] as const) {
    if (px < LOGO_MIN_PX || px > LOGO_MAX_PX) {
      throw new AppError(
        'logo_dimensions',
        `The logo is ${width}×${height} px; it must be ${LOGO_MIN_PX}–${LOGO_MAX_PX} px ${side}.`,
      );
    }
  }
  return {
    ...detected,
    width,
    height,
    bytes: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}
