/** The catalog's adapters: products and categories in the table, search snapshots in S3 (image uploads: ./media.ts). */
export { catalogRepository as catalog } from '#adapters/dynamodb/catalog.js';
export { currentCatalogIndex, publishSnapshot } from '#adapters/storage/catalog-snapshot.js';
