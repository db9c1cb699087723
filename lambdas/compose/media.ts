/** The public media bucket (product images): signed uploads, and what an uploaded image really is. */
export { mediaInspector as media, presignImageUpload } from '#adapters/storage/media.js';
