/** The product image sets in the table (the image pipeline writes them; `GET /products/{id}` reads them). */
export { imageSetRepository as imageSets } from '#adapters/dynamodb/image-sets.js';
