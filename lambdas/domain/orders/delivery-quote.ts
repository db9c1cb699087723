import { NotFoundError, ValidationError } from '#shared/errors.js';
import { shippingItem } from './cart.js';
import type { VariantReader } from './ports.js';
import type { DeliveryQuoteView } from './delivery-schemas.js';
import { type ShippingQuoter, withDeliveryDates } from './shipping.js';

export interface DeliveryQuoteDeps {
  variants: VariantReader;
  shipping: ShippingQuoter;
  now: () => Date;
}

/**
 * The product page's promise before anything is in a cart: price, days and delivery date of
 * `quantity` units of a SKU to a CEP, quoted like the cart (carrier, else the CEP table; free
 * shipping from the same threshold on these units' price). 404 for an unknown or archived SKU,
 * 400 for a CEP outside every state.
 */
export async function quoteDelivery(deps: DeliveryQuoteDeps, input: { sku: string; quantity: number; cep: string }): Promise<DeliveryQuoteView> {
  const variant = (await deps.variants.variants([input.sku])).get(input.sku);
  if (!variant?.active) throw new NotFoundError('Product variant');
  const quote = await deps.shipping.quote({
    cep: input.cep, items: [shippingItem(variant, input.quantity)], merchandiseCents: variant.priceCents * input.quantity,
  });
  if (!quote) throw new ValidationError('We do not deliver to this CEP', [{ field: 'cep', message: 'CEP outside the delivery area' }]);
  return { sku: input.sku, quantity: input.quantity, ...withDeliveryDates(quote, deps.now()) };
}
