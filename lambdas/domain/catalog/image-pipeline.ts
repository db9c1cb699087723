/**
 * The image pipeline's use cases (rules: ./renditions.ts): an admin's upload (an S3 "Object Created"
 * event for `products/<productId>/<name>`) or a collected product's external image (fetched
 * politely by the collection service's fetcher) becomes renditions in the media bucket and one
 * image set recorded for the product. Retries are harmless: renditions are content-addressed and a
 * source already recorded with the same bytes is not rendered again.
 */
import * as z from '#shared/zod.js';
import { ValidationError } from '#shared/errors.js';
import { MAX_IMAGE_BYTES } from './images.js';
import type { CatalogRepository } from './ports.js';
import {
  assertSourceBytes, assertSourceInfo, CONTENT_TYPES, chooseRenditions, type ImageProcessor, type ImageSetRecord, type ImageSetRepository, planWidths, RENDITION_CACHE_CONTROL,
  type RenditionFormat, renditionKey, sourceHash,
} from './renditions.js';

/** The media bucket as the pipeline sees it. */
export interface MediaObjects {
  /** An object's size in bytes (undefined when it is gone), without reading it. */
  sizeOf(key: string): Promise<number | undefined>;
  /** Deletes an object. */
  remove(key: string): Promise<void>;
  /** An object's bytes (undefined when it is gone). */
  read(key: string): Promise<Uint8Array | undefined>;
  /** Writes a public object with its type and cache headers; its public URL. */
  write(key: string, data: Uint8Array, contentType: string, cacheControl: string): Promise<string>;
  /** The public URL of a key. */
  urlOf(key: string): string;
}

export interface ImagePipelineDeps {
  processor: ImageProcessor;
  media: MediaObjects;
  imageSets: ImageSetRepository;
  catalog: Pick<CatalogRepository, 'getProduct'>;
  now: () => Date;
}

/** A message of the images queue: an S3 "Object Created" event (EventBridge's shape; the local S3 emulator's is made the same), or a collected image. */
export const ImageMessage = z.union([
  z.object({
    source: z.literal('aws.s3'),
    'detail-type': z.literal('Object Created'),
    detail: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string().check(z.maxLength(1024)) }) }),
  }),
  z.object({
    kind: z.literal('external'),
    productId: z.string().check(z.minLength(1), z.maxLength(64)),
    /** The URL in the product's images (the image set's `original`). */
    original: z.url({ protocol: /^https?$/ }),
    /** Where to fetch it now (another host after a cross-host redirect). */
    url: z.url({ protocol: /^https?$/ }),
    deferrals: z._default(z.number().check(z.int(), z.gte(0)), 0),
  }),
]);
export type ImageMessage = z.output<typeof ImageMessage>;
export type ExternalImageMessage = Extract<ImageMessage, { kind: 'external' }>;

export type RenderResult =
  | { kind: 'recorded'; set: ImageSetRecord }
  | { kind: 'unchanged' }
  /** Not rendered, and never will be: not an image, a bomb, a product that is gone, a key that is not an upload. */
  | { kind: 'refused'; reason: string };

/** `products/<productId>/<ulid>.<ext>`, the key `POST /products/{id}/images` signs. */
const UPLOAD_KEY = /^products\/([A-Za-z0-9_-]{1,64})\/[0-9a-z]{26}\.(jpg|png|webp)$/;

export function productOfUploadKey(key: string): string | undefined {
  return UPLOAD_KEY.exec(key)?.[1];
}

const FORMATS: readonly RenditionFormat[] = ['avif', 'webp', 'jpeg'];

/**
 * An admin's upload: its key names the product; the original is its public URL (what the product's
 * `images` holds). An upload over {@link MAX_IMAGE_BYTES} (possible when the upload URL was signed
 * without a length: API.md's body has no size) is deleted unread: no product can register it
 * (domain/catalog/images.ts refuses it), and it is never read into memory.
 */
export async function renderUpload(deps: ImagePipelineDeps, key: string): Promise<RenderResult> {
  const productId = productOfUploadKey(key);
  if (!productId) return { kind: 'refused', reason: `${key} is not an upload key` };
  const size = await deps.media.sizeOf(key);
  if (size === undefined) return { kind: 'refused', reason: `${key} is gone` };
  if (size > MAX_IMAGE_BYTES) {
    await deps.media.remove(key);
    return { kind: 'refused', reason: `${key} is ${size} bytes, over ${MAX_IMAGE_BYTES}: deleted` };
  }
  const source = await deps.media.read(key);
  if (!source) return { kind: 'refused', reason: `${key} is gone` };
  return renderSource(deps, { productId, original: deps.media.urlOf(key), source, fetched: false });
}

/** One source image of a product into renditions and its image set. */
export async function renderSource(
  deps: ImagePipelineDeps,
  input: { productId: string; original: string; source: Uint8Array; fetched: boolean },
): Promise<RenderResult> {
  if (!(await deps.catalog.getProduct(input.productId))) return { kind: 'refused', reason: `product ${input.productId} is gone` };
  const hash = sourceHash(input.source);
  const previous = await deps.imageSets.get(input.productId, input.original);
  if (previous?.sourceHash === hash) return { kind: 'unchanged' };
  try {
    assertSourceBytes(input.source, input.fetched);
    const info = await deps.processor.probe(input.source);
    assertSourceInfo(info);
    const encoded = chooseRenditions(await deps.processor.render(input.source, planWidths(info.width), FORMATS));
    const renditions = await Promise.all(encoded.map(async (e) => ({
      url: await deps.media.write(renditionKey(input.productId, hash, e.width, e.format), e.data, CONTENT_TYPES[e.format], RENDITION_CACHE_CONTROL),
      width: e.width, height: e.height, format: e.format, bytes: e.data.byteLength,
    })));
    const set: ImageSetRecord = {
      productId: input.productId, original: input.original, width: info.width, height: info.height, sourceHash: hash, renditions, createdAt: deps.now().toISOString(),
    };
    await deps.imageSets.put(set);
    return { kind: 'recorded', set };
  } catch (error) {
    if (error instanceof ValidationError) return { kind: 'refused', reason: error.details.map((d) => d.message).join('; ') || error.message };
    throw error;
  }
}
