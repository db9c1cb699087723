import type { VariantRecord } from '#domain/catalog/ports.js';
import { DEFAULT_PACKAGE } from '#domain/catalog/package.js';
import type { SellableVariant } from '#domain/orders/ports.js';

/** The one reading of a variant item (`SKU#<sku>` / `VARIANT`), with the defaults of older items. */
export const toVariant = (item: Record<string, unknown>): VariantRecord => ({
  sku: item.sku as string,
  productId: item.productId as string,
  attributes: (item.attributes as Record<string, string> | undefined) ?? {},
  priceCents: item.priceCents as number,
  stock: item.stock as number,
  weightGrams: (item.weightGrams as number | undefined) ?? DEFAULT_PACKAGE.weightGrams,
  heightCm: (item.heightCm as number | undefined) ?? DEFAULT_PACKAGE.heightCm,
  widthCm: (item.widthCm as number | undefined) ?? DEFAULT_PACKAGE.widthCm,
  lengthCm: (item.lengthCm as number | undefined) ?? DEFAULT_PACKAGE.lengthCm,
  ncm: (item.ncm as string | null | undefined) ?? null,
  orderedUnits: (item.orderedUnits as number | undefined) ?? 0,
});

/** A variant as the cart and checkout see it: the variant plus its product's name and status. */
export function toSellableVariant(item: Record<string, unknown>): SellableVariant {
  const { orderedUnits: _orderedUnits, ...variant } = toVariant(item);
  return { ...variant, name: item.productName as string, active: (item.productStatus ?? 'active') === 'active' };
}
