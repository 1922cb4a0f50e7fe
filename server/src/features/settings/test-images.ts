/**
 * Real image files for the logo tests, built byte by byte (no native image library): each is
 * what `file-type` and `image-size` recognise, and what a browser would decode.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_v, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A grey PNG (8-bit greyscale); `text` adds a tEXt chunk, `padTo` pads it to that many bytes. */
export function png(
  width: number,
  height: number,
  opts: { text?: string; padTo?: number; seed?: number } = {},
): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const row = Buffer.alloc(width + 1, opts.seed ?? 0x80);
  row[0] = 0; // filter: none
  const raw = Buffer.alloc(row.length * height);
  for (let y = 0; y < height; y++) row.copy(raw, y * row.length);
  const chunks = [
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...(opts.text ? [pngChunk('tEXt', Buffer.from(`Comment\0${opts.text}`, 'latin1'))] : []),
    pngChunk('IDAT', deflateSync(raw)),
  ];
  const end = pngChunk('IEND', Buffer.alloc(0));
  if (opts.padTo !== undefined) {
    // A private ancillary chunk ("paDd") that decoders skip: the file is still a valid PNG.
    const used = chunks.reduce((n, c) => n + c.length, 0) + end.length + 12;
    chunks.push(pngChunk('paDd', Buffer.alloc(Math.max(0, opts.padTo - used), 0x5a)));
  }
  return Buffer.concat([...chunks, end]);
}

const u16be = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u16le = (n: number) => Buffer.from([n & 0xff, n >> 8]);

/** A baseline JFIF JPEG header (SOI, APP0, DQT, SOF0, DHT, SOS) with a mid-grey scan, then EOI. */
export function jpeg(width: number, height: number): Buffer {
  const segment = (marker: number, body: Buffer) =>
    Buffer.concat([Buffer.from([0xff, marker]), u16be(body.length + 2), body]);
  const app0 = segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  const dqt = segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
  const sof0 = segment(
    0xc0,
    Buffer.concat([Buffer.from([8]), u16be(height), u16be(width), Buffer.from([1, 1, 0x11, 0])]),
  );
  // One DC table with a single 1-bit code for category 0, one AC table with EOB only.
  const dhtDc = Buffer.concat([Buffer.from([0x00, 1]), Buffer.alloc(15), Buffer.from([0])]);
  const dhtAc = Buffer.concat([Buffer.from([0x10, 1]), Buffer.alloc(15), Buffer.from([0])]);
  const dht = segment(0xc4, Buffer.concat([dhtDc, dhtAc]));
  const sos = segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  // Each block is DC "0" + EOB "0": two bits, all zero.
  const scan = Buffer.alloc(Math.ceil((blocks * 2) / 8), 0);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    app0,
    dqt,
    sof0,
    dht,
    sos,
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A lossless WebP (VP8L) header with a tiny bitstream. */
export function webp(width: number, height: number): Buffer {
  const bits = (width - 1) | ((height - 1) << 14);
  const header = Buffer.alloc(5);
  header[0] = 0x2f;
  header.writeUInt32LE(bits >>> 0, 1); // alpha 0, version 0
  const vp8l = Buffer.concat([header, Buffer.alloc(11, 0)]);
  const chunk = Buffer.concat([Buffer.from('VP8L'), Buffer.alloc(4), vp8l]);
  chunk.writeUInt32LE(vp8l.length, 4);
  const riff = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP'), chunk]);
  riff.writeUInt32LE(riff.length - 8, 4);
  return riff;
}

function gifFrame(width: number, height: number, delay?: number): Buffer {
  const gce =
    delay === undefined
      ? Buffer.alloc(0)
      : Buffer.concat([Buffer.from([0x21, 0xf9, 4, 0]), u16le(delay), Buffer.from([0, 0])]);
  return Buffer.concat([
    gce,
    Buffer.from([0x2c]),
    u16le(0),
    u16le(0),
    u16le(width),
    u16le(height),
    Buffer.from([0]),
    // LZW minimum code size 2; one sub-block: clear, index 0, end of information.
    Buffer.from([2, 2, 0x44, 0x01, 0]),
  ]);
}

/** A GIF89a with a two-colour table; `frames` lists each frame's size (the first is shown first). */
export function gif(
  width: number,
  height: number,
  frames: { width: number; height: number }[] = [{ width, height }],
): Buffer {
  const animated = frames.length > 1;
  return Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    u16le(width),
    u16le(height),
    Buffer.from([0x80, 0, 0]), // a global colour table of 2 entries
    Buffer.from([0, 0, 0, 0xff, 0xff, 0xff]),
    ...(animated
      ? [
          Buffer.concat([
            Buffer.from([0x21, 0xff, 11]),
            Buffer.from('NETSCAPE2.0'),
            Buffer.from([3, 1, 0, 0, 0]),
          ]),
        ]
      : []),
    ...frames.map((f) => gifFrame(f.width, f.height, animated ? 10 : undefined)),
    Buffer.from([0x3b]),
  ]);
}

export const SVG = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script><rect width="64" height="64"/></svg>\n',
);

export const HTML = Buffer.from(
  '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n',
);
