/**
 * The product page's delivery quote (`GET /shipping/quote`), apart from ./schemas.ts: zod/mini
 * schemas are built when their module loads, so the cart and order functions do not carry these.
 */
import { isValidCep, normalizeCep } from '#domain/identity/rules.js';
import * as z from '#shared/zod.js';
import { ShippingView } from './schemas.js';

const Cep = z.pipe(z.string().check(z.refine(isValidCep, { message: 'cep must have exactly 8 digits' })), z.transform(normalizeCep));

export const DeliveryQuoteQuery = z.object({
  cep: Cep,
  sku: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  quantity: z._default(z.pipe(z.pipe(z.string().check(z.regex(/^\d{1,2}$/, { message: 'quantity must be an integer from 1 to 99' })), z.transform(Number)), z.number().check(z.gte(1, { message: 'quantity must be an integer from 1 to 99' }))), 1),
});

/** A quote for units of one SKU (the product page), with the delivery dates. */
export const DeliveryQuote = z.extend(ShippingView, { sku: z.string(), quantity: z.number().check(z.int()) });

export type DeliveryQuoteView = z.infer<typeof DeliveryQuote>;
