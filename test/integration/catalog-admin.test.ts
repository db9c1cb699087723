import { adminToken, api, newCustomer } from '../helpers/api.js';
import { createCategory, createProduct, token } from '../helpers/catalog.js';
import { addressOf, fillCart } from '../helpers/shop.js';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

describe('categories', () => {
  it('creates a tree with derived slugs, lists it, renames, and refuses duplicate slugs', async () => {
    const t = token();
    const root = await createCategory(admin, { name: `Eletrodomésticos ${t}` });
    expect(root).toEqual({ id: expect.any(String), name: `Eletrodomésticos ${t}`, slug: `eletrodomesticos-${t}`, parentId: null });
    const child = await createCategory(admin, { name: `Fogões ${t}`, parentId: root.id });
    expect(child.parentId).toBe(root.id);

    const list = await api('GET', '/categories');
    expect(list.body.items).toEqual(expect.arrayContaining([root, child]));

    const dup = await api('POST', '/categories', { token: admin, body: { name: 'Outro nome', slug: root.slug } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('SLUG_TAKEN');

    const renamed = await api('PUT', `/categories/${child.id}`, { token: admin, body: { name: `Fogões e Cooktops ${t}`, slug: `fogoes-cooktops-${t}` } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ slug: `fogoes-cooktops-${t}`, parentId: root.id });
    // the old slug is free again
    expect((await api('POST', '/categories', { token: admin, body: { name: 'x', slug: `fogoes-${t}` } })).status).toBe(201);
  });

  it('refuses cycles and trees deeper than three levels', async () => {
    const t = token();
    const a = await createCategory(admin, { name: `A ${t}` });
    const b = await createCategory(admin, { name: `B ${t}`, parentId: a.id });
    const c = await createCategory(admin, { name: `C ${t}`, parentId: b.id });
    const tooDeep = await api('POST', '/categories', { token: admin, body: { name: `D ${t}`, parentId: c.id } });
    expect(tooDeep.status).toBe(400);
    const cycle = await api('PUT', `/categories/${a.id}`, { token: admin, body: { name: a.name, parentId: c.id } });
    expect(cycle.status).toBe(409);
    expect(cycle.body.error.code).toBe('CATEGORY_CYCLE');
    const unknownParent = await api('POST', '/categories', { token: admin, body: { name: `E ${t}`, parentId: 'nope' } });
    expect(unknownParent.status).toBe(400);
  });

  it('refuses to delete a category with children or products (409), deletes an empty one (204)', async () => {
    const t = token();
    const root = await createCategory(admin, { name: `Raiz ${t}` });
    const leaf = await createCategory(admin, { name: `Folha ${t}`, parentId: root.id });
    expect((await api('DELETE', `/categories/${root.id}`, { token: admin })).body.error.code).toBe('CATEGORY_IN_USE');
    const product = await createProduct(admin, { name: `Produto ${t}`, categoryIds: [leaf.id], variants: [{ sku: `DEL-${t}`, priceCents: 1000 }] });
    expect((await api('DELETE', `/categories/${leaf.id}`, { token: admin })).status).toBe(409);
    expect((await api('DELETE', `/products/${product.id}`, { token: admin })).status).toBe(204);
    expect((await api('DELETE', `/categories/${leaf.id}`, { token: admin })).status).toBe(204);
    expect((await api('DELETE', `/categories/${root.id}`, { token: admin })).status).toBe(204);
    expect((await api('DELETE', `/categories/${root.id}`, { token: admin })).status).toBe(404);
  });

  it('is admin-only for writes: customer 403, anonymous 401', async () => {
    const customer = await newCustomer();
    expect((await api('POST', '/categories', { token: customer.accessToken, body: { name: 'x' } })).status).toBe(403);
    expect((await api('POST', '/categories', { body: { name: 'x' } })).status).toBe(401);
    expect((await api('POST', '/products', { token: customer.accessToken, body: {} })).status).toBe(403);
    expect((await api('PUT', '/products/x/variants/y/stock', { token: customer.accessToken, body: { stock: 1 } })).status).toBe(403);
    expect((await api('GET', '/admin/inventory/low-stock', { token: customer.accessToken })).status).toBe(403);
  });
});

describe('products', () => {
  let categoryId: string;
  beforeAll(async () => {
    categoryId = (await createCategory(admin, { name: `Produtos ${token()}` })).id;
  });

  it('creates a product with variants and reads it back with availability', async () => {
    const t = token();
    const created = await createProduct(admin, {
      name: `Cafeteira Italiana ${t}`, brand: 'Bialetti', categoryIds: [categoryId],
      variants: [{ sku: `CAF-${t}-3`, attributes: { tamanho: '3 xícaras' }, priceCents: 19990, stock: 4 }, { sku: `CAF-${t}-6`, attributes: { tamanho: '6 xícaras' }, priceCents: 25990 }],
    });
    const read = await api('GET', `/products/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: created.id, name: `Cafeteira Italiana ${t}`, slug: `cafeteira-italiana-${t}`, brand: 'Bialetti', status: 'active', images: [],
      variants: [
        { sku: `CAF-${t}-3`, attributes: { tamanho: '3 xícaras' }, priceCents: 19990, available: 4 },
        { sku: `CAF-${t}-6`, attributes: { tamanho: '6 xícaras' }, priceCents: 25990, available: 0 },
      ],
    });
  });

  it('refuses a SKU used by another product with 409 and writes nothing of the failed product', async () => {
    const t = token();
    await createProduct(admin, { name: `Primeiro ${t}`, categoryIds: [categoryId], variants: [{ sku: `DUP-${t}`, priceCents: 100 }] });
    const second = await api('POST', '/products', {
      token: admin,
      body: { name: `Segundo ${t}`, description: 'x', categoryIds: [categoryId], variants: [{ sku: `NEW-${t}`, priceCents: 100 }, { sku: `DUP-${t}`, priceCents: 100 }] },
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('SKU_TAKEN');
    // NEW-t was not half-written: another product can take it, and the slug is free
    await createProduct(admin, { name: `Segundo ${t}`, slug: `segundo-${t}`, categoryIds: [categoryId], variants: [{ sku: `NEW-${t}`, priceCents: 100 }] });
  });

  it('refuses duplicate SKUs within one request and duplicate explicit slugs', async () => {
    const t = token();
    const sameSku = await api('POST', '/products', { token: admin, body: { name: 'x', description: 'x', categoryIds: [categoryId], variants: [{ sku: `S-${t}`, priceCents: 1 }, { sku: `S-${t}`, priceCents: 2 }] } });
    expect(sameSku.status).toBe(400);
    await createProduct(admin, { name: 'Slug', slug: `slug-${t}`, categoryIds: [categoryId], variants: [{ sku: `SL1-${t}`, priceCents: 1 }] });
    const dupSlug = await api('POST', '/products', { token: admin, body: { name: 'Slug 2', slug: `slug-${t}`, description: 'x', categoryIds: [categoryId], variants: [{ sku: `SL2-${t}`, priceCents: 1 }] } });
    expect(dupSlug.status).toBe(409);
    expect(dupSlug.body.error.code).toBe('SLUG_TAKEN');
    // a derived slug that collides gets a suffix instead
    const twin = await createProduct(admin, { name: 'Slug', categoryIds: [categoryId], variants: [{ sku: `SL3-${t}`, priceCents: 1 }] });
    const twin2 = await createProduct(admin, { name: 'Slug', categoryIds: [categoryId], variants: [{ sku: `SL4-${t}`, priceCents: 1 }] });
    expect(twin.slug).not.toBe(twin2.slug);
  });

  it('keeps SKUs immutable on update, adds new ones, and archives', async () => {
    const t = token();
    const p = await createProduct(admin, { name: `Tênis ${t}`, categoryIds: [categoryId], variants: [{ sku: `TEN-${t}-40`, priceCents: 30000, stock: 3 }] });
    const body = { name: `Tênis Corrida ${t}`, description: '<p>Novo</p>', categoryIds: [categoryId], images: [], status: 'active' };
    const renamed = await api('PUT', `/products/${p.id}`, { token: admin, body: { ...body, variants: [{ sku: `TEN-${t}-41`, priceCents: 30000 }] } });
    expect(renamed.status).toBe(409);
    expect(renamed.body.error).toMatchObject({ code: 'SKU_IMMUTABLE', details: [{ sku: `TEN-${t}-40` }] });

    const updated = await api('PUT', `/products/${p.id}`, {
      token: admin,
      body: {
        ...body, id: 'ignored',
        variants: [{ sku: `TEN-${t}-40`, priceCents: 27990, stock: 999 }, { sku: `TEN-${t}-41`, priceCents: 27990, stock: 2, weightGrams: 900, heightCm: 12, widthCm: 20, lengthCm: 32 }],
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.id).toBe(p.id);
    expect(updated.body.variants).toEqual([
      { sku: `TEN-${t}-40`, attributes: {}, priceCents: 27990, available: 3, weightGrams: 500, heightCm: 10, widthCm: 15, lengthCm: 20, ncm: null },
      { sku: `TEN-${t}-41`, attributes: {}, priceCents: 27990, available: 2, weightGrams: 900, heightCm: 12, widthCm: 20, lengthCm: 32, ncm: null },
    ]);
    expect((await api('GET', `/products/${p.id}`)).body.variants[1]).toMatchObject({ weightGrams: 900, heightCm: 12, widthCm: 20, lengthCm: 32 });
    const badBox = await api('PUT', `/products/${p.id}`, { token: admin, body: { ...body, variants: [{ sku: `TEN-${t}-40`, priceCents: 27990, heightCm: 0 }, { sku: `TEN-${t}-41`, priceCents: 27990, lengthCm: 2.5 }] } });
    expect(badBox.status).toBe(400);
    expect(badBox.body.error.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(badBox.body.error.details)).toMatch(/heightCm[\s\S]*lengthCm/);

    const archived = await api('PUT', `/products/${p.id}`, { token: admin, body: { ...body, status: 'archived', variants: updated.body.variants } });
    expect(archived.body.status).toBe('archived');
    expect((await api('GET', `/products/${p.id}`)).body.status).toBe('archived');
  });

  it('deletes a product never ordered, but refuses one referenced by an order (PRODUCT_HAS_SALES)', async () => {
    const t = token();
    const fresh = await createProduct(admin, { name: `Novo ${t}`, categoryIds: [categoryId], variants: [{ sku: `NV-${t}`, priceCents: 100 }] });
    expect((await api('DELETE', `/products/${fresh.id}`, { token: admin })).status).toBe(204);
    expect((await api('GET', `/products/${fresh.id}`)).status).toBe(404);

    const sold = await createProduct(admin, { name: `Vendido ${t}`, categoryIds: [categoryId], variants: [{ sku: `SD-${t}`, priceCents: 100, stock: 5 }] });
    // A customer orders it (and cancels: the order still references the product).
    const buyer = await newCustomer();
    const addressId = await addressOf(buyer);
    await fillCart(buyer, [{ sku: `SD-${t}`, quantity: 1 }]);
    const order = await api('POST', '/orders', { token: buyer.accessToken, body: { addressId } });
    expect(order.status).toBe(201);
    expect((await api('DELETE', `/orders/${order.body.id}`, { token: buyer.accessToken })).status).toBe(200);
    const refused = await api('DELETE', `/products/${sold.id}`, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PRODUCT_HAS_SALES');
    expect((await api('GET', `/products/${sold.id}`)).status).toBe(200);
  });

  it('refuses to delete a product with stock on hand (PRODUCT_HAS_STOCK naming the SKUs), deletes it once the stock is 0', async () => {
    const t = token();
    const stocked = await createProduct(admin, {
      name: `Estoque ${t}`, categoryIds: [categoryId],
      variants: [{ sku: `ST-${t}-A`, priceCents: 100, stock: 3 }, { sku: `ST-${t}-B`, priceCents: 100, stock: 0 }],
    });
    const refused = await api('DELETE', `/products/${stocked.id}`, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'PRODUCT_HAS_STOCK', details: [{ sku: `ST-${t}-A`, stock: 3 }] });
    expect((await api('GET', `/products/${stocked.id}`)).status).toBe(200);

    expect((await api('PUT', `/products/${stocked.id}/variants/ST-${t}-A/stock`, { token: admin, body: { stock: 0 } })).status).toBe(200);
    expect((await api('DELETE', `/products/${stocked.id}`, { token: admin })).status).toBe(204);
  });

  it('imports stock from CSV: a dry run reports each row and writes nothing; the real run writes the valid rows', async () => {
    const t = token();
    const p = await createProduct(admin, {
      name: `Importa ${t}`, categoryIds: [categoryId],
      variants: [{ sku: `IM-${t}-A`, priceCents: 100, stock: 2 }, { sku: `IM-${t}-B`, priceCents: 100, stock: 1 }],
    });
    const csv = `sku;delta\r\nIM-${t}-A;+10\r\nIM-${t}-B;-5\r\nNAO-EXISTE-${t};1\r\nIM-${t}-A;1\r\n`;
    const dry = await api('POST', '/admin/inventory/stock-imports', { token: admin, body: { csv, dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({
      dryRun: true,
      summary: { rows: 4, ok: 1, errors: 3, applied: 0 },
      rows: [
        { line: 2, sku: `IM-${t}-A`, status: 'ok', applied: false, previousStock: 2, stock: 12 },
        { line: 3, sku: `IM-${t}-B`, status: 'error', applied: false, previousStock: 1, stock: null, code: 'INSUFFICIENT_STOCK', message: 'stock would go below zero (-4)' },
        { line: 4, sku: `NAO-EXISTE-${t}`, status: 'error', applied: false, previousStock: null, stock: null, code: 'UNKNOWN_SKU', message: 'no variant has this SKU' },
        { line: 5, sku: `IM-${t}-A`, status: 'error', applied: false, previousStock: null, stock: null, code: 'DUPLICATE_SKU', message: 'line 2 already has this SKU' },
      ],
    });
    const untouched = (await api('GET', `/products/${p.id}`)).body.variants.map((v: { available: number }) => v.available);
    expect(untouched).toEqual([2, 1]);

    const real = await api('POST', '/admin/inventory/stock-imports', { token: admin, body: { csv: `sku,stock\nIM-${t}-A,7\nIM-${t}-B,x` } });
    expect(real.status).toBe(200);
    expect(real.body.summary).toEqual({ rows: 2, ok: 1, errors: 1, applied: 1 });
    expect(real.body.rows[0]).toEqual({ line: 2, sku: `IM-${t}-A`, status: 'ok', applied: true, previousStock: 2, stock: 7 });
    expect((await api('GET', `/products/${p.id}`)).body.variants.map((v: { available: number }) => v.available)).toEqual([7, 1]);

    const badHeader = await api('POST', '/admin/inventory/stock-imports', { token: admin, body: { csv: 'codigo,quantidade\nA,1' } });
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.error.details[0].field).toBe('csv');
    expect((await api('POST', '/admin/inventory/stock-imports', { token: admin, body: { dryRun: true } })).status).toBe(400);
    const customer = await newCustomer();
    expect((await api('POST', '/admin/inventory/stock-imports', { token: customer.accessToken, body: { csv: 'sku,stock\nA,1' } })).status).toBe(403);
  });

  it('neutralises XSS in descriptions', async () => {
    const t = token();
    const p = await createProduct(admin, {
      name: `XSS ${t}`, categoryIds: [categoryId], variants: [{ sku: `XSS-${t}`, priceCents: 100 }],
      description: '<p onclick="steal()">Ótimo<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">clique</a>' +
        '<a href="https://loja.com.br/x">ok</a><iframe src="https://evil"></iframe><svg onload=alert(1)></svg></p>',
    });
    const description = (await api('GET', `/products/${p.id}`)).body.description as string;
    expect(description).not.toMatch(/<script|onerror|onclick|onload|javascript:|<iframe|<svg|<img/i);
    expect(description).toContain('Ótimo');
    expect(description).toContain('<a href="https://loja.com.br/x" rel="nofollow noopener noreferrer">ok</a>');
  });

  it('validates product input (400 with field details)', async () => {
    const bad = await api('POST', '/products', {
      token: admin,
      body: { name: '', description: 'x', categoryIds: [], images: ['javascript:alert(1)'], variants: [{ sku: 'bad sku', priceCents: -1, stock: 1.5 }] },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'categoryIds', 'images.0', 'variants.0.sku', 'variants.0.priceCents', 'variants.0.stock']));
    const unknownCategory = await api('POST', '/products', { token: admin, body: { name: 'x', description: 'x', categoryIds: ['nope'], variants: [{ sku: `UC-${token()}`, priceCents: 1 }] } });
    expect(unknownCategory.status).toBe(400);
  });
});
