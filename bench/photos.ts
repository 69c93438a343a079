/**
 * Test photos for the booklet benchmark: JPEGs that compress like real photographs (a
 * smooth scene with soft shapes, light grain), not flat colour that shrinks to nothing.
 */
import sharp from "sharp";

/** A deterministic pseudo-random stream (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A width x height JPEG (quality 85): a two-colour gradient "sky and ground", a few soft
 * blobs ("people"), and grain of about +-14 levels per channel. 1600 x 1200 comes out at
 * a few hundred KB, like a phone photo already reduced for the web.
 */
export async function makePhoto(seed: number, width = 1600, height = 1200): Promise<Buffer> {
  const random = prng(seed);
  const pixels = Buffer.alloc(width * height * 3);
  const top = [90 + random() * 120, 120 + random() * 100, 160 + random() * 90];
  const bottom = [60 + random() * 100, 80 + random() * 90, 40 + random() * 60];
  const blobs = Array.from({ length: 7 }, () => ({
    x: random() * width,
    y: height * (0.35 + random() * 0.6),
    r: (0.05 + random() * 0.12) * width,
    c: [random() * 255, random() * 255, random() * 255],
  }));
  let i = 0;
  for (let y = 0; y < height; y++) {
    const t = y / height;
    for (let x = 0; x < width; x++) {
      let r = top[0] * (1 - t) + bottom[0] * t;
      let g = top[1] * (1 - t) + bottom[1] * t;
      let b = top[2] * (1 - t) + bottom[2] * t;
      for (const blob of blobs) {
        const dx = x - blob.x;
        const dy = y - blob.y;
        const d2 = (dx * dx + dy * dy) / (blob.r * blob.r);
        if (d2 < 1) {
          const w = (1 - d2) * 0.8;
          r = r * (1 - w) + blob.c[0] * w;
          g = g * (1 - w) + blob.c[1] * w;
          b = b * (1 - w) + blob.c[2] * w;
        }
      }
      const grain = (random() - 0.5) * 28;
      pixels[i++] = Math.max(0, Math.min(255, r + grain));
      pixels[i++] = Math.max(0, Math.min(255, g + grain));
      pixels[i++] = Math.max(0, Math.min(255, b + grain));
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/**
 * `count` different photos made from a few base photos by cropping each at its own offset
 * (about 25 ms each, against about 600 ms to draw a new one). They must differ: the same
 * bytes would be embedded in the PDF once and shared (PDF writers deduplicate images),
 * which a real booklet, with a different photo on every case study, never gets to do.
 */
export async function photoVariants(bases: readonly Buffer[], count: number, first = 0, concurrency = 4): Promise<Buffer[]> {
  const out: Buffer[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const n = first + i;
      const base = bases[n % bases.length];
      out[i] = await sharp(base)
        .extract({ left: n % 40, top: Math.floor(n / 40) % 30, width: 1560, height: 1170 })
        .jpeg({ quality: 85 })
        .toBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}
