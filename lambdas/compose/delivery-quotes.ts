import { variantReader } from '#adapters/dynamodb/cart.js';
import type { DeliveryQuoteDeps } from '#domain/orders/delivery-quote.js';
import { clock } from '#shared/clock.js';
import { quotingShipping } from './cart-quotes.js';

/** The product page's delivery quote: the variant read and the same quoter as GET /cart (carrier, CEP table fallback). */
export const deliveryQuoteDeps: DeliveryQuoteDeps = { variants: variantReader, shipping: quotingShipping, now: () => clock.now() };
