/** The collection queue: runs fan their pages out on it (functions granted `collection:enqueue`). */
export { collectionQueue as queue } from '#adapters/queues/collection-queue.js';
