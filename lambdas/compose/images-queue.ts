/** The images queue: collected products' images to render (functions granted `images:enqueue`). */
export { imagesQueue } from '#adapters/queues/images-queue.js';
