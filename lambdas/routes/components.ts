/**
 * The named component schemas of the OpenAPI document (`components.schemas`): the objects several
 * routes share, declared once and referenced with `$ref` wherever a route's schema contains the
 * very same zod schema. Chosen by reuse: each appears in two routes or more (a list and an item,
 * a create and an update, an entity inside another). Schemas used by one route stay inline.
 *
 * Only lambdas/http/openapi.ts imports this module (the OpenAPI and docs functions); a handler's
 * bundle never carries it. A name here is a type name in the generated client
 * (web/src/api/schema.d.ts, `components['schemas'][name]`): renaming one is a contract change.
 */
import * as catalog from '#domain/catalog/schemas.js';
import * as collection from '#domain/collection/schemas.js';
import * as identity from '#domain/identity/schemas.js';
import * as logistics from '#domain/logistics/schemas.js';
import * as coupons from '#domain/orders/coupon-schemas.js';
import * as orders from '#domain/orders/schemas.js';
import * as payments from '#domain/payments/schemas.js';
import * as taxes from '#domain/taxes/schemas.js';
import type * as z from '#shared/zod.js';

export const componentSchemas: Readonly<Record<string, z.core.$ZodType>> = {
  Address: identity.Address,
  AddressBody: identity.AddressBody,
  Profile: identity.Profile,
  Tokens: identity.TokensResponse,
  Admin: identity.Admin,
  Category: catalog.Category,
  CategoryBody: catalog.CategoryBody,
  Product: catalog.Product,
  Variant: catalog.Variant,
  Cart: orders.Cart,
  CartShipping: orders.ShippingView,
  Order: orders.Order,
  OrderList: orders.OrderList,
  AnonymisedAddress: orders.AnonymisedAddress,
  Coupon: coupons.CouponResponse,
  Payment: payments.PaymentView,
  Shipment: logistics.Shipment,
  TaxTable: taxes.TaxTableSummary,
  TaxTableList: taxes.TaxTableList,
  CollectionSource: collection.SourceView,
  CollectionSourceBody: collection.SourceBody,
  CollectionItem: collection.ItemView,
};
