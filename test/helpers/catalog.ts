import { randomUUID } from 'node:crypto';
import { api } from './api.js';

export const token = () => randomUUID().replace(/-/g, '').slice(0, 10);

export async function createCategory(admin: string, body: Record<string, unknown>) {
  const response = await api('POST', '/categories', { token: admin, body });
  if (response.status !== 201) throw new Error(`create category: ${response.status} ${response.text}`);
  return response.body as { id: string; name: string; slug: string; parentId: string | null };
}

export interface VariantInput { sku: string; attributes?: Record<string, string>; priceCents: number; stock?: number; weightGrams?: number }

export async function createProduct(admin: string, body: { name: string; categoryIds: string[]; variants: VariantInput[]; [key: string]: unknown }) {
  const response = await api('POST', '/products', { token: admin, body: { description: '<p>Produto de teste</p>', ...body } });
  if (response.status !== 201) throw new Error(`create product: ${response.status} ${response.text}`);
  return response.body as { id: string; slug: string; variants: { sku: string; available: number; priceCents: number }[]; createdAt: string };
}

/** Lists every page of a query and returns the ids in order. */
export async function listAll(query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
      await api('GET', `/products?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (response.status !== 200) throw new Error(`list ${query}: ${response.status} ${JSON.stringify(response.body)}`);
    ids.push(...response.body.items.map((p) => p.id));
    cursor = response.body.nextCursor;
    pages++;
    if (pages > 100) throw new Error('pagination does not end');
  } while (cursor);
  return { ids, pages };
}
