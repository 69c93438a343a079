/**
 * Stand-in images for the photos of a large PDF. Typst decodes every raster image it is
 * given (a 1600 x 1200 JPEG is 5.8 MB of pixels, 4 GB for a 500-photo booklet) although
 * it embeds JPEGs as they are, so the layout gets a tiny grey PNG of its own width
 * instead, and the PDF writer (join.server.ts) puts the photo's JPEG bytes in its place,
 * read from disk one at a time. The width is the photo's number: 8 + n pixels by 1.
 */
import zlib from "node:zlib";

export const PLACEHOLDER_BASE_WIDTH = 8;

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
  return out;
}

/** A grey RGB PNG, `width` x 1 pixels. */
export function placeholderPng(width: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const row = Buffer.alloc(1 + width * 3, 0xc8);
  row[0] = 0; // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(row)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Width and height of a JPEG, from its start-of-frame marker; null if it is not a JPEG. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number; components: number } | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1];
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (bytes[i + 5] << 8) | bytes[i + 6], width: (bytes[i + 7] << 8) | bytes[i + 8], components: bytes[i + 9] };
    }
    i += 2 + length;
  }
  return null;
}
