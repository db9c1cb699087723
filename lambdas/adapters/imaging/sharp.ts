/**
 * The image processor (domain/catalog/renditions.ts's port) on sharp (libvips). sharp is a native
 * module: it stays out of the esbuild bundle and ships next to it, built for linux-arm64 (lib/bundling.ts).
 *
 * - `probe` reads the header only (no decode), with the pixel limit: a decompression bomb is refused
 *   before a byte of it is decoded;
 * - `render` decodes once (`limitInputPixels` again), applies the EXIF orientation (`autoOrient`),
 *   and encodes each width from that one decoded image; sharp writes no metadata unless asked
 *   (`keepMetadata`/`withMetadata` are never called), so EXIF, GPS and XMP are gone, and the colour
 *   profile is converted to sRGB.
 */
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import type { EncodedImage, ImageProcessor, RenditionFormat } from '#domain/catalog/renditions.js';
import { MAX_SOURCE_PIXELS } from '#domain/catalog/renditions.js';
import { ValidationError } from '#shared/errors.js';

/** No operation cache: each source is seen once, and a Lambda instance's memory is better spent on the decode. */
sharp.cache(false);

/** Quality per format, chosen by eye and size on product photos (docs/benchmarks.md "Image pipeline"). */
const ENCODE: Record<RenditionFormat, (image: Sharp) => Sharp> = {
  avif: (image) => image.avif({ quality: 50, effort: 2 }),
  webp: (image) => image.webp({ quality: 75, effort: 4 }),
  jpeg: (image) => image.jpeg({ quality: 78, mozjpeg: true, progressive: true }),
};

const notAnImage = (error: unknown) => {
  const message = `the file is not a readable image (${(error as Error).message.slice(0, 120)})`;
  return new ValidationError(message, [{ field: 'image', message }]);
};

export const sharpProcessor: ImageProcessor = {
  async probe(source) {
    let meta: Metadata;
    try {
      meta = await sharp(source, { limitInputPixels: false, failOn: 'error' }).metadata();
    } catch (error) {
      throw notAnImage(error);
    }
    if (!meta.format || !meta.width || !meta.height) throw notAnImage(new Error('no dimensions'));
    // Orientations 5 to 8 turn the image a quarter: its displayed width is the stored height.
    const turned = (meta.orientation ?? 1) >= 5;
    return { format: meta.format, width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height };
  },

  async render(source, widths, formats) {
    let decoded: { data: Buffer; info: OutputInfo };
    try {
      decoded = await sharp(source, { limitInputPixels: MAX_SOURCE_PIXELS, failOn: 'error', animated: false })
        .autoOrient()
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
    } catch (error) {
      throw notAnImage(error);
    }
    const { width, height, channels } = decoded.info;
    const raw = { raw: { width, height, channels } } as const;
    const out: EncodedImage[] = [];
    for (const w of widths) {
      const resized = await sharp(decoded.data, raw).resize({ width: w, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
      for (const format of formats) {
        const pipeline = sharp(resized.data, { raw: { width: resized.info.width, height: resized.info.height, channels: resized.info.channels } });
        const encoded = await ENCODE[format](channels === 4 && format === 'jpeg' ? pipeline.flatten({ background: '#ffffff' }) : pipeline).toBuffer({ resolveWithObject: true });
        out.push({ format, width: encoded.info.width, height: encoded.info.height, data: new Uint8Array(encoded.data.buffer, encoded.data.byteOffset, encoded.data.byteLength) });
      }
    }
    return out;
  },
};
