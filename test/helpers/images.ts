/**
 * Test images made on the fly (no binary fixtures in the repository): a real camera-like JPEG with
 * EXIF (orientation, GPS, a comment), a PNG whose header claims 20,000 × 20,000 pixels (a
 * decompression bomb: tiny file, 400 MP), and a text file.
 */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * A `width` × `height` JPEG stored sideways with EXIF orientation 6 (a phone held upright): shown
 * upright it is `height` wide and `width` tall. The top of the upright picture is red, its bottom blue
 * (stored: the left half red, the right half blue; orientation 6 turns the left edge to the top), so a
 * rendition that ignored the orientation reads wrong.
 */
export async function sidewaysJpeg(width = 1600, height = 1000): Promise<Buffer> {
  const half = Math.floor(width / 2);
  const left = await sharp({ create: { width: half, height, channels: 3, background: '#ff0000' } }).png().toBuffer();
  const right = await sharp({ create: { width: width - half, height, channels: 3, background: '#0000ff' } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#000000' } })
    .composite([{ input: left, left: 0, top: 0 }, { input: right, left: half, top: 0 }])
    .withExif({ IFD0: { Make: 'FixtureCam', Copyright: 'secret owner' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '23/1 33/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 95 })
    .toBuffer();
}

const crc32 = (bytes: Buffer): number => {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
};

const chunk = (type: string, data: Buffer): Buffer => {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
};

/** A valid-looking PNG whose IHDR says `size` × `size` (grey, 8 bits) with a few bytes of pixel data: a bomb. */
export function pngBomb(size = 20_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(size + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const textFile = (): Buffer => Buffer.from('This is not a picture, only a text file renamed to .jpg\n');

/** The mean colour of a horizontal band of an image (`from`..`to` as fractions of its height). */
export async function bandColour(image: Uint8Array, from: number, to: number): Promise<{ r: number; g: number; b: number }> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [r0, r1] = [Math.floor(info.height * from), Math.floor(info.height * to)];
  const sum = { r: 0, g: 0, b: 0 };
  let n = 0;
  for (let y = r0; y < r1; y++) {
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * info.channels;
      sum.r += data[i];
      sum.g += data[i + 1];
      sum.b += data[i + 2];
      n++;
    }
  }
  return { r: sum.r / n, g: sum.g / n, b: sum.b / n };
}
