import { variantReader } from '#adapters/dynamodb/cart.js';
import { flashSales } from '#compose/flash-sale.js';
import { ValidationError } from '#shared/errors.js';
import { http } from '#compose/http.js';
import { flashSaleRoutes } from '../../routes/flash-sale.js';

export const handler = http(flashSaleRoutes, 'POST /admin/flash-sales', async ({ body }) => {
  const variant = (await variantReader.variants([body.sku])).get(body.sku);
  if (!variant || variant.productId !== body.productId) {
    throw new ValidationError('The SKU does not belong to the product', [{ field: 'sku', message: 'no such variant of productId' }]);
  }
  return { body: await flashSales.createSale(body, variant.name) };
});
