/** Catalog collection, admin side: sources, runs and collected items in the table (the queue: ./collection-queue.ts). */
export { catalogLookup as lookup, collectionStore as store } from '#adapters/dynamodb/collection.js';
