/** Signed uploads into the public media bucket (product images). */
export { presignImageUpload } from '#adapters/storage/media.js';
