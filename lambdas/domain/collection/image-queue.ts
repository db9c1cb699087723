/**
 * Collected products' images on their way to the image pipeline (./images.ts consumes them): a
 * module of its own, light enough for the publish function's bundle (no fetcher, no parser).
 */
import type { ExternalImageMessage } from '../catalog/image-pipeline.js';

export interface ImageQueue {
  send(messages: ExternalImageMessage[], delaySeconds?: number): Promise<void>;
}

/** The messages for a product's images that are not ours (uploads are rendered on their S3 event). */
export function externalImageMessages(productId: string, images: readonly string[], isOurs: (url: string) => boolean): ExternalImageMessage[] {
  return images.filter((url) => !isOurs(url)).map((url) => ({ kind: 'external', productId, original: url, url, deferrals: 0 }));
}
