/**
 * The image pipeline's rules (issue 15, API.md "Product images (v2)"): which renditions an image
 * gets, which source images are refused, where renditions live and what a product's `imageSet` is.
 * The pixel work is the `ImageProcessor` port's (sharp, lambdas/adapters/imaging/sharp.ts).
 *
 * One source image (an admin's upload, or a collected product's external image fetched politely)
 * becomes, at each planned width, WebP always, AVIF only where it is smaller than that WebP, and a
 * JPEG fallback for browsers with neither; orientation applied (EXIF), metadata stripped.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '#shared/errors.js';
import { imageTypeOf } from './images.js';

/** The widths of the contract; an image narrower than one is never enlarged to it. */
export const RENDITION_WIDTHS = [160, 480, 1200] as const;
/** Decoded pixels a source may have (a decompression bomb has far more than it has bytes). 40 MP covers any camera photo. */
export const MAX_SOURCE_PIXELS = 40_000_000;
/** Bytes a source may have: uploads are at most 5 MiB (the signed upload); a fetched image the same. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

export type RenditionFormat = 'avif' | 'webp' | 'jpeg';
export const CONTENT_TYPES: Readonly<Record<RenditionFormat, string>> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };
/** Renditions are content-addressed (their key holds the source's hash): cached for a year, never revalidated. */
export const RENDITION_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export interface Rendition {
  url: string;
  width: number;
  height: number;
  format: RenditionFormat;
  bytes: number;
}

/** One image of a product with its renditions (`imageSet` of `GET /products/{id}`). */
export interface ImageSetRecord {
  productId: string;
  /** The URL in the product's `images` (our upload, or the collected page's image). */
  original: string;
  /** Of the source, after its EXIF orientation. */
  width: number;
  height: number;
  /** sha-256 of the source's bytes (hex). */
  sourceHash: string;
  renditions: Rendition[];
  createdAt: string;
}

/** One item per product image (`PK PRODUCT#<id>`, `SK IMAGE#<hash of the original URL>`): written by the image pipeline only. */
export interface ImageSetRepository {
  get(productId: string, original: string): Promise<ImageSetRecord | undefined>;
  put(set: ImageSetRecord): Promise<void>;
  listForProduct(productId: string): Promise<ImageSetRecord[]>;
}

/** What the processor found in a source image (dimensions after orientation). */
export interface SourceInfo {
  format: string;
  width: number;
  height: number;
}

export interface EncodedImage {
  format: RenditionFormat;
  width: number;
  height: number;
  data: Uint8Array;
}

/** sharp behind a port: the domain never touches pixels. */
export interface ImageProcessor {
  /** Reads the header only (no decode); throws `ValidationError` for what is not a readable image. */
  probe(source: Uint8Array): Promise<SourceInfo>;
  /** Decodes once, applies the orientation, strips metadata and encodes every width in every format asked. */
  render(source: Uint8Array, widths: readonly number[], formats: readonly RenditionFormat[]): Promise<EncodedImage[]>;
}

/** Source formats the pipeline reads: what uploads accept, plus GIF and AVIF found on collected pages. */
const SOURCE_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif']);

/**
 * Refuses a source before any decode: too many bytes, magic bytes of no image we take (the upload's
 * declared Content-Type is never trusted), or (from the header) too many pixels or another format.
 */
const refuse = (message: string): never => {
  throw new ValidationError(message, [{ field: 'image', message }]);
};

export function assertSourceBytes(source: Uint8Array, isFetched: boolean): void {
  if (source.byteLength > MAX_SOURCE_BYTES) refuse(`images are at most ${MAX_SOURCE_BYTES} bytes`);
  // Uploads must be JPEG, PNG or WebP by their bytes; fetched images may also be GIF or AVIF (checked by the header).
  if (!isFetched && !imageTypeOf(source)) refuse('the file is not a JPEG, PNG or WebP image');
}

export function assertSourceInfo(info: SourceInfo): void {
  if (!SOURCE_FORMATS.has(info.format)) refuse(`${info.format} images are not accepted`);
  if (info.width < 1 || info.height < 1) refuse('the image has no pixels');
  if (info.width * info.height > MAX_SOURCE_PIXELS) refuse(`${info.width} × ${info.height} is over ${MAX_SOURCE_PIXELS} pixels`);
}

/**
 * The widths to make for a source `width` pixels wide: each contract width it can fill, and its own
 * width when it is narrower than the next one (a 700 px image gives 160, 480 and 700; a 100 px one, 100).
 */
export function planWidths(width: number): number[] {
  const fits: number[] = RENDITION_WIDTHS.filter((w) => w <= width);
  return fits.length < RENDITION_WIDTHS.length && !fits.includes(width) ? [...fits, width] : fits;
}

/** Per width: WebP and JPEG always; AVIF only when smaller than that width's WebP (it often is not on small images). */
export function chooseRenditions(encoded: readonly EncodedImage[]): EncodedImage[] {
  const webpBytes = new Map(encoded.filter((e) => e.format === 'webp').map((e) => [e.width, e.data.byteLength]));
  return encoded.filter((e) => e.format !== 'avif' || e.data.byteLength < (webpBytes.get(e.width) ?? 0));
}

export const sourceHash = (source: Uint8Array): string => createHash('sha256').update(source).digest('hex');

/** `renditions/<productId>/<first 32 hex of the source's sha-256>/<width>.<ext>`: another content, another key. */
export function renditionKey(productId: string, hash: string, width: number, format: RenditionFormat): string {
  return `renditions/${productId}/${hash.slice(0, 32)}/${width}.${format === 'jpeg' ? 'jpg' : format}`;
}

/** The product's `imageSet`: the recorded sets of its current `images`, in their order (an image without renditions yet is left out). */
export function imageSetOf(images: readonly string[], sets: readonly ImageSetRecord[]) {
  const byOriginal = new Map(sets.map((s) => [s.original, s]));
  return images.flatMap((url) => {
    const set = byOriginal.get(url);
    if (!set) return [];
    return [{
      original: url, width: set.width, height: set.height,
      renditions: [...set.renditions].sort((a, b) => a.width - b.width || a.format.localeCompare(b.format)).map((r) => ({ url: r.url, width: r.width, height: r.height, format: r.format })),
    }];
  });
}
