import { api, type TestUser } from './api.js';
import { createCategory, createProduct, token } from './catalog.js';

export const ADDRESS = { label: 'Casa', recipient: 'Cliente', street: 'Av. Paulista', number: '1000', district: 'Bela Vista', city: 'São Paulo', state: 'SP', cep: '01310-100' };

let categoryId: string | undefined;

/** A fresh product with one variant of the given stock and price; returns its SKU and id. */
export async function stockedSku(admin: string, stock: number, priceCents = 10_000, weightGrams = 500): Promise<{ sku: string; productId: string }> {
  categoryId ??= (await createCategory(admin, { name: `Pedidos ${token()}` })).id;
  const sku = `ORD-${token()}`;
  const product = await createProduct(admin, { name: `Produto ${sku}`, categoryIds: [categoryId], variants: [{ sku, priceCents, stock, weightGrams }] });
  return { sku, productId: product.id };
}

export async function addressOf(user: TestUser, address: Record<string, unknown> = ADDRESS): Promise<string> {
  const response = await api('POST', '/me/addresses', { token: user.accessToken, body: address });
  if (response.status !== 201) throw new Error(`address: ${response.status} ${response.text}`);
  return response.body.id;
}

export async function fillCart(user: TestUser, lines: { sku: string; quantity: number }[]): Promise<void> {
  for (const line of lines) {
    const response = await api('POST', '/cart', { token: user.accessToken, body: line });
    if (response.status !== 200) throw new Error(`cart: ${response.status} ${response.text}`);
  }
}

export async function stockOf(productId: string, sku: string): Promise<number> {
  const product = await api('GET', `/products/${productId}`);
  return product.body.variants.find((v: { sku: string }) => v.sku === sku).available;
}

export async function setClock(now?: string): Promise<void> {
  const response = await api('POST', '/_local/clock', { body: now ? { now } : {} });
  if (response.status !== 200) throw new Error(`clock: ${response.status} ${response.text}`);
}
