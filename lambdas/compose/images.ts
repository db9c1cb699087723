/**
 * The image pipeline's adapters: sharp, the media bucket, the image sets in the table, the catalog,
 * and for collected images the collection's polite fetcher and host records and the images queue.
 */
import { catalogRepository } from '#adapters/dynamodb/catalog.js';
import { imageSetRepository } from '#adapters/dynamodb/image-sets.js';
import { sharpProcessor } from '#adapters/imaging/sharp.js';
import { imagesQueue } from '#adapters/queues/images-queue.js';
import { mediaObjects } from '#adapters/storage/media.js';
import type { CollectImageDeps } from '#domain/collection/images.js';
import { polite } from './collection-fetcher.js';

export const images: CollectImageDeps = {
  processor: sharpProcessor,
  media: mediaObjects,
  imageSets: imageSetRepository,
  catalog: catalogRepository,
  queue: imagesQueue,
  // The clock and the collection's host records, robots.txt cache and guarded fetcher.
  ...polite,
};
