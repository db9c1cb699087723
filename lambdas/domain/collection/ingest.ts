/**
 * An extracted product into the collected items (never straight into the catalog): matched to an
 * item seen before by GTIN, then canonical URL, then the source's SKU; a new one waits for an admin
 * as a pending item (matched to a catalog product when a variant's SKU is its GTIN). An item that
 * did not change is left alone; a rejected one comes back only when it changed; a published one
 * that changed goes back to review with its previous prices (publishing applies the change).
 */
import { ulid } from 'ulid';
import { sanitizeDescription } from '../catalog/sanitize.js';
import type { ExtractedProduct } from './extract.js';
import type { CatalogLookup, CollectionStore, ItemKey, ItemRecord } from './ports.js';

export interface IngestDeps {
  store: CollectionStore;
  catalog: CatalogLookup;
}

export type IngestResult = 'created' | 'updated' | 'unchanged' | 'skipped';

/** The catalog's limits (catalog/schemas.ts): a product the catalog would refuse is skipped here. */
const MAX_PRICE_CENTS = 100_000_000;

/** A short, stable hash (53-bit cyrb53) of the fields that matter. */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The catalog product whose variant SKU is one of the item's GTINs, if any. */
export async function matchingProduct(lookup: CatalogLookup, item: { gtin: string | null; variants: { gtin: string | null }[] }): Promise<string | null> {
  const gtins = [...new Set([item.gtin, ...item.variants.map((v) => v.gtin)].filter((g): g is string => g !== null))];
  for (const gtin of gtins) {
    const productId = await lookup.productIdBySku(gtin);
    if (productId) return productId;
  }
  return null;
}

export function itemKeys(product: Pick<ExtractedProduct, 'gtin' | 'url' | 'sourceSku'>): ItemKey[] {
  const keys: ItemKey[] = [];
  if (product.gtin) keys.push({ kind: 'gtin', value: product.gtin });
  keys.push({ kind: 'url', value: product.url });
  if (product.sourceSku) keys.push({ kind: 'sku', value: `${new URL(product.url).host}#${product.sourceSku}` });
  return keys;
}

export function isAcceptable(product: ExtractedProduct): boolean {
  return product.variants.length > 0 && product.variants.length <= 50
    && product.variants.every((v) => Number.isInteger(v.priceCents) && v.priceCents >= 1 && v.priceCents <= MAX_PRICE_CENTS);
}

async function findExisting(store: CollectionStore, keys: ItemKey[]): Promise<ItemRecord | undefined> {
  for (const key of keys) {
    const found = await store.findItem(key);
    if (found) return found;
  }
  return undefined;
}

export async function ingestProduct(deps: IngestDeps, sourceId: string, product: ExtractedProduct, now: Date): Promise<IngestResult> {
  if (!isAcceptable(product)) return 'skipped';
  const fields = {
    sourceUrl: product.url, method: product.method, name: product.name, description: sanitizeDescription(product.description),
    brand: product.brand, gtin: product.gtin, sourceSku: product.sourceSku, images: product.images, categoryHints: product.categoryHints,
    variants: product.variants,
  };
  const print = fingerprint(fields);
  const keys = itemKeys(product);
  const at = now.toISOString();
  // Three tries: a concurrent worker may create or change the same item between our read and our write.
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await findExisting(deps.store, keys);
    if (!existing) {
      const productId = await matchingProduct(deps.catalog, product);
      const item: ItemRecord = {
        id: ulid(), status: 'pending', sourceId, ...fields, productId, previous: null, fingerprint: print, firstSeenAt: at, lastSeenAt: at, updatedAt: at,
      };
      if (await deps.store.createItem(item, keys)) return 'created';
      continue;
    }
    if (existing.fingerprint === print) return 'unchanged';
    const next: ItemRecord = {
      ...existing, ...fields, fingerprint: print, lastSeenAt: at, updatedAt: at > existing.updatedAt ? at : new Date(Date.parse(existing.updatedAt) + 1).toISOString(),
      // Published and changed: back to review, with what the catalog has now. Rejected and changed: proposed again.
      status: 'pending',
      previous: existing.status === 'published' ? { variants: existing.variants } : existing.previous,
    };
    if (await deps.store.updateItem(existing, next)) return 'updated';
  }
  return 'skipped';
}
