import { catalog } from '#compose/catalog.js';
import { lookup, store } from '#compose/collection.js';
import { http } from '#compose/http.js';
import { imagesQueue } from '#compose/images-queue.js';
import { isMediaUrl, media } from '#compose/media.js';
import { publishItem } from '#domain/collection/items.js';
import { clock } from '#shared/clock.js';
import { collectionRoutes } from '../../routes/collection.js';

export const handler = http(collectionRoutes, 'POST /admin/collection/items/{id}/publish', async ({ params, body }) => ({
  body: await publishItem({ store, lookup, catalog: { catalog, media, now: clock.now }, images: { queue: imagesQueue, isOurs: isMediaUrl } }, params.id, body.categoryIds, clock.now()),
}));
