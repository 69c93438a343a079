/**
 * Real, tiny files for upload tests, made on the spot: photos with sharp, a PDF written
 * by hand, a DOCX from the `docx` package, and zips written byte by byte.
 */
import zlib from "node:zlib";
import sharp from "sharp";
import { Document, Packer, Paragraph } from "docx";

export async function samplePhoto(format: "jpeg" | "png" | "webp", options: { width?: number; height?: number } = {}): Promise<Buffer> {
  const image = sharp({ create: { width: options.width ?? 24, height: options.height ?? 16, channels: 3, background: { r: 200, g: 60, b: 40 } } });
  return image[format]().toBuffer();
}

/** A JPEG carrying camera details and a GPS position, as a phone would write it. */
export async function jpegWithExifAndGps(options: { width?: number; height?: number; orientation?: number } = {}): Promise<Buffer> {
  const base = sharp({ create: { width: options.width ?? 40, height: options.height ?? 20, channels: 3, background: { r: 20, g: 90, b: 160 } } }).jpeg();
  const withExif = base.withExif({
    IFD0: { Make: "SecretCam", Model: "Spy 3000", Copyright: "Someone", Artist: "Home address here" },
    IFD3: { GPSLatitudeRef: "N", GPSLatitude: "52/1 24/1 3000/100", GPSLongitudeRef: "W", GPSLongitude: "1/1 30/1 1200/100" },
  });
  const jpeg = await withExif.toBuffer();
  if (!options.orientation) return jpeg;
  // Add an EXIF orientation on top (keeping the rest of the metadata).
  return sharp(jpeg).keepMetadata().withMetadata({ orientation: options.orientation }).jpeg().toBuffer();
}

/** A minimal but valid one-page PDF, with a correct cross-reference table. */
export function samplePdf(text = "Evidence"): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    (() => {
      const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
      return `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
    })(),
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** A real Word document, as Word would open it. */
export async function sampleDocx(text = "Letter of support"): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(text)] }] }));
}

/** A zip with these entries, stored uncompressed, in this order. */
export function makeZip(entries: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
    const nameBytes = Buffer.from(name, "utf8");
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10); // time/date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** Looks like a Windows program: "MZ", a DOS stub and a PE header. */
export function exeLike(): Buffer {
  const buf = Buffer.alloc(512);
  buf.write("MZ", 0, "latin1");
  buf.writeUInt32LE(0x80, 0x3c);
  buf.write("PE\0\0", 0x80, "latin1");
  return buf;
}

/** `size` bytes that start like a JPEG (the rest is padding): enough to be sniffed as one. */
export function bigJpegLike(size: number, head: Buffer): Buffer {
  const buf = Buffer.alloc(size);
  head.copy(buf, 0, 0, Math.min(head.length, size));
  return buf;
}

/**
 * A PNG that is only a header: its IHDR says `width` x `height` at `bitDepth` bits per colour,
 * and its one IDAT holds no image at all. Checked by its header it is that big; decoded it is
 * broken. So a refusal that names its size was decided before any decoding.
 */
export function pngHeaderOnly(width: number, height: number, bitDepth: 8 | 16): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(Buffer.alloc(16))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
