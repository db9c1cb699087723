import { catalogRepository as catalog } from '#adapters/dynamodb/catalog.js';
import { deleteProduct } from '#domain/catalog/use-cases.js';
import { http } from '#shared/http.js';

export const handler = http('DELETE /products/{id}', async ({ params }) => {
  await deleteProduct({ catalog }, params.id);
  return {};
});
