/**
 * The OpenAPI document's named component schemas (lambdas/routes/components.ts): the schemas
 * several routes share appear once under `components.schemas`, the routes reference them with
 * `$ref`, and every reference resolves inside the document.
 */
import { buildOpenApiDocument } from '#http/openapi.js';

type Json = Record<string, unknown>;

const document = buildOpenApiDocument() as Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };
const schemas = document.components.schemas;
const REF = '#/components/schemas/';

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

/** Every object-valued node of a JSON value. */
function nodesIn(value: unknown, found: unknown[] = []): unknown[] {
  if (value !== null && typeof value === 'object') {
    found.push(value);
    for (const v of Object.values(value)) nodesIn(v, found);
  }
  return found;
}

function resolve(pointer: string): unknown {
  expect(pointer.startsWith('#/')).toBe(true);
  return pointer.slice(2).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Json)[key] : undefined), document);
}

const successSchema = (path: string, method: string, status: string) =>
  ((document.paths[path][method].responses as Record<string, Json>)[status].content as Record<string, Json>)['application/json'].schema as Json;

it('declares the shared entities once, as named components', () => {
  expect(Object.keys(schemas)).toEqual(expect.arrayContaining([
    'Product', 'Variant', 'Category', 'Cart', 'Order', 'Payment', 'Shipment', 'Coupon', 'Address', 'Profile', 'Error',
  ]));
});

it('the routes that answer a shared entity reference its component', () => {
  expect(successSchema('/cart', 'get', '200')).toEqual({ $ref: `${REF}Cart` });
  expect(successSchema('/cart', 'post', '200')).toEqual({ $ref: `${REF}Cart` });
  expect(successSchema('/orders/{id}', 'get', '200')).toEqual({ $ref: `${REF}Order` });
  expect(successSchema('/orders', 'get', '200')).toEqual({ $ref: `${REF}OrderList` });
  expect((schemas.OrderList.properties as Record<string, Json>).items.items).toEqual({ $ref: `${REF}Order` });
  expect(successSchema('/products', 'post', '201')).toEqual({ $ref: `${REF}Product` });
  expect(successSchema('/products/{id}', 'put', '200')).toEqual({ $ref: `${REF}Product` });
  expect(successSchema('/me/addresses', 'post', '201')).toEqual({ $ref: `${REF}Address` });
  expect(refsIn(successSchema('/orders/{id}/payments', 'get', '200'))).toEqual([`${REF}Payment`]);
  expect(refsIn(successSchema('/admin/coupons', 'get', '200'))).toEqual([`${REF}Coupon`]);
  expect(refsIn(schemas.Product)).toContain(`${REF}Variant`);
});

it('every $ref resolves inside the document, and no JSON Schema $defs are left', () => {
  const refs = [...new Set(refsIn(document))];
  expect(refs.length).toBeGreaterThan(20);
  expect(refs.filter((ref) => resolve(ref) === undefined)).toEqual([]);
  expect(nodesIn(document).filter((node) => '$defs' in (node as Json))).toEqual([]);
});

it('no route repeats a component inline', () => {
  const components = new Map(Object.entries(schemas).map(([name, schema]) => [JSON.stringify(schema), name]));
  const inline = nodesIn(document.paths).map((node) => components.get(JSON.stringify(node))).filter((name) => name !== undefined);
  expect(inline).toEqual([]);
});

it('every named component is referenced', () => {
  const referenced = new Set(refsIn(document).map((ref) => ref.slice(REF.length)));
  expect(Object.keys(schemas).filter((name) => !referenced.has(name))).toEqual([]);
});

test('the routes that honour an Idempotency-Key declare it as an optional header; the others do not', () => {
  const headerOf = (path: string, method: string) =>
    ((document.paths[path][method].parameters as Json[]) ?? []).find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
  for (const [path, method] of [['/cart', 'post'], ['/orders', 'post'], ['/flash-sales/current/claims', 'post'], ['/orders/{id}/payments', 'post']]) {
    expect(headerOf(path, method)).toMatchObject({ required: false, schema: { type: 'string', minLength: 1, maxLength: 255 } });
  }
  expect(headerOf('/cart', 'get')).toBeUndefined();
  expect(headerOf('/cart/{itemId}', 'put')).toBeUndefined();
});

test('401 is documented where a public route answers it (bad credentials, a dead refresh token); error details are typed', () => {
  expect(Object.keys(document.paths['/login'].post.responses as Json)).toContain('401');
  expect(Object.keys(document.paths['/token/refresh'].post.responses as Json)).toContain('401');
  const details = ((schemas.Error.properties as Json).error as Json & { properties: Json }).properties.details as Json;
  expect(details).toMatchObject({ type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } });
});

test('query numbers are declared as integers with their bounds, not as the digit strings they arrive as', () => {
  const queryParam = (path: string, name: string) => ((document.paths[path].get.parameters as Json[]) ?? []).find((p) => p.in === 'query' && p.name === name)?.schema;
  expect(queryParam('/orders', 'limit')).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
  expect(queryParam('/products', 'minPrice')).toMatchObject({ type: 'integer', minimum: 0 });
  expect(queryParam('/admin/reports/flash-sales', 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 168, default: 24 });
  expect(queryParam('/admin/reports/sales', 'from')).toMatchObject({ type: 'string' });
});

test('money and quantities of carts, orders, payments and the product page are declared non-negative', () => {
  const order = schemas.Order.properties as Record<string, Json>;
  for (const field of ['subtotalCents', 'discountCents', 'shippingCents', 'totalCents']) expect(order[field]).toMatchObject({ type: 'integer', minimum: 0 });
  const cart = schemas.Cart.properties as Record<string, Json>;
  expect(cart.totalCents).toMatchObject({ type: 'integer', minimum: 0 });
  const line = ((cart.items as Json).items as Json).properties as Record<string, Json>;
  expect(line.quantity).toMatchObject({ minimum: 0 });
  expect((schemas.Payment.properties as Record<string, Json>).amountCents).toMatchObject({ minimum: 0 });
});
