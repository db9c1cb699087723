/** The public media bucket (product images): signed uploads, what an uploaded image really is, whether a URL is ours. */
export { isMediaUrl, mediaInspector as media, presignImageUpload } from '#adapters/storage/media.js';
