/** Catalog collection, admin side: sources, runs and collected items in the table (the queue: ./collection-queue.ts). */
export { collectionStore as store } from '#adapters/dynamodb/collection.js';
