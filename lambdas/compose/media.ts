/** The public media bucket (product images): signed uploads, what an uploaded image really is, and the images queue (collected images to render). */
export { isMediaUrl, mediaInspector as media, presignImageUpload } from '#adapters/storage/media.js';
export { imagesQueue } from '#adapters/queues/images-queue.js';
