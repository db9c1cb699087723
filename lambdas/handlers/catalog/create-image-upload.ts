import { ulid } from 'ulid';
import { catalog } from '#compose/catalog.js';
import { presignImageUpload } from '#compose/media.js';
import { NotFoundError } from '#shared/errors.js';
import { http } from '#compose/http.js';
import { catalogRoutes } from '../../routes/catalog.js';

const EXTENSION = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;

/** The key is ours (product id + ULID); the client's file name is never part of it. */
export const handler = http(catalogRoutes, 'POST /products/{id}/images', async ({ params, body }) => {
  if (!(await catalog.getProduct(params.id))) throw new NotFoundError('Product');
  const key = `products/${params.id}/${ulid().toLowerCase()}.${EXTENSION[body.contentType]}`;
  return { body: await presignImageUpload(key, body.contentType, body.sizeBytes) };
});
