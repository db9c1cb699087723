import { images } from '#compose/images.js';
import { ImageMessage, renderUpload } from '#domain/catalog/image-pipeline.js';
import { collectImage } from '#domain/collection/images.js';
import { logger } from '#shared/powertools.js';
import { queue } from '#triggers/queue.js';

/**
 * The images queue: an upload's S3 "Object Created" event, or a collected product's external image,
 * into renditions recorded on the product. A refused source (not an image, a bomb, a gone product) is
 * logged and dropped: it would be refused again on every retry.
 */
export const handler = queue(ImageMessage, async (message) => {
  const result = 'source' in message ? await renderUpload(images, message.detail.object.key) : await collectImage(images, message);
  const subject = 'source' in message ? message.detail.object.key : message.url;
  if (result.kind === 'refused') logger.warn('Image refused', { image: subject, reason: result.reason });
  else logger.debug('Image', { image: subject, result: result.kind });
});
