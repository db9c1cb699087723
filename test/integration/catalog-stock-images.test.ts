import { adminToken, api } from '../helpers/api.js';
import { createCategory, createProduct, token } from '../helpers/catalog.js';

let admin: string;
let categoryId: string;
beforeAll(async () => {
  admin = await adminToken();
  categoryId = (await createCategory(admin, { name: `Estoque ${token()}` })).id;
});

const stockOf = async (productId: string, sku: string) =>
  (await api('GET', `/products/${productId}`)).body.variants.find((v: { sku: string }) => v.sku === sku).available as number;

describe('stock', () => {
  it('sets absolute stock, adjusts by delta, and never goes below zero', async () => {
    const t = token();
    const p = await createProduct(admin, { name: `Estoque ${t}`, categoryIds: [categoryId], variants: [{ sku: `ST-${t}`, priceCents: 100, stock: 1 }] });
    const url = `/products/${p.id}/variants/ST-${t}/stock`;
    expect((await api('PUT', url, { token: admin, body: { stock: 10 } })).body).toEqual({ sku: `ST-${t}`, stock: 10 });
    expect((await api('PUT', url, { token: admin, body: { delta: -4 } })).body).toEqual({ sku: `ST-${t}`, stock: 6 });
    const tooMuch = await api('PUT', url, { token: admin, body: { delta: -7 } });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: [{ sku: `ST-${t}`, available: 6 }] });
    expect(await stockOf(p.id, `ST-${t}`)).toBe(6);
  });

  it.each([
    [{ stock: -1 }],
    [{ delta: 1.5 }],
    [{ stock: 1, delta: 1 }],
    [{}],
  ])('rejects %j with 400', async (body) => {
    const t = token();
    const p = await createProduct(admin, { name: `V ${t}`, categoryIds: [categoryId], variants: [{ sku: `VS-${t}`, priceCents: 100 }] });
    expect((await api('PUT', `/products/${p.id}/variants/VS-${t}/stock`, { token: admin, body })).status).toBe(400);
  });

  it('is 404 for a SKU of another product', async () => {
    const t = token();
    const a = await createProduct(admin, { name: `A ${t}`, categoryIds: [categoryId], variants: [{ sku: `A-${t}`, priceCents: 100 }] });
    await createProduct(admin, { name: `B ${t}`, categoryIds: [categoryId], variants: [{ sku: `B-${t}`, priceCents: 100, stock: 5 }] });
    expect((await api('PUT', `/products/${a.id}/variants/B-${t}/stock`, { token: admin, body: { stock: 0 } })).status).toBe(404);
  });

  it('50 concurrent decrements of one unit on a stock of 30: exactly 30 succeed, stock ends at 0', async () => {
    const t = token();
    const p = await createProduct(admin, { name: `Corrida ${t}`, categoryIds: [categoryId], variants: [{ sku: `RACE-${t}`, priceCents: 100, stock: 30 }] });
    const results = await Promise.all(Array.from({ length: 50 }, () =>
      api('PUT', `/products/${p.id}/variants/RACE-${t}/stock`, { token: admin, body: { delta: -1 } })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(30);
    expect(results.filter((r) => r.status === 409)).toHaveLength(20);
    expect(results.every((r) => r.status === 200 ? r.body.stock >= 0 : true)).toBe(true);
    expect(await stockOf(p.id, `RACE-${t}`)).toBe(0);
  });

  it('50 concurrent mixed adjustments add up exactly', async () => {
    const t = token();
    const p = await createProduct(admin, { name: `Misto ${t}`, categoryIds: [categoryId], variants: [{ sku: `MIX-${t}`, priceCents: 100, stock: 100 }] });
    const deltas = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? 3 : -2));
    const results = await Promise.all(deltas.map((delta) =>
      api('PUT', `/products/${p.id}/variants/MIX-${t}/stock`, { token: admin, body: { delta } })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await stockOf(p.id, `MIX-${t}`)).toBe(100 + 25 * 3 - 25 * 2);
  });
});

describe('low-stock report', () => {
  it('lists variants of active products at or under the threshold, lowest first; archived ones drop out', async () => {
    const t = token();
    const p = await createProduct(admin, {
      name: `Baixo ${t}`, categoryIds: [categoryId],
      variants: [{ sku: `LOW-${t}-1`, priceCents: 100, stock: 1 }, { sku: `LOW-${t}-3`, priceCents: 100, stock: 3 }, { sku: `LOW-${t}-9`, priceCents: 100, stock: 9 }],
    });
    const collect = async (threshold: number) => {
      const skus: { sku: string; stock: number }[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: { sku: string; stock: number }[]; nextCursor: string | null } } =
          await api('GET', `/admin/inventory/low-stock?threshold=${threshold}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: admin });
        expect(page.status).toBe(200);
        skus.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return skus;
    };
    const report = await collect(3);
    const mine = report.filter((i) => i.sku.startsWith(`LOW-${t}`));
    expect(mine.map((i) => [i.sku, i.stock])).toEqual([[`LOW-${t}-1`, 1], [`LOW-${t}-3`, 3]]);
    const stocks = report.map((i) => i.stock);
    expect(stocks).toEqual([...stocks].sort((a, b) => a - b));
    expect(report.every((i) => i.stock <= 3)).toBe(true);

    await api('PUT', `/products/${p.id}`, {
      token: admin,
      body: { name: `Baixo ${t}`, description: 'x', categoryIds: [categoryId], images: [], status: 'archived', variants: [1, 3, 9].map((n) => ({ sku: `LOW-${t}-${n}`, priceCents: 100 })) },
    });
    expect((await collect(3)).filter((i) => i.sku.startsWith(`LOW-${t}`))).toEqual([]);
  });
});

describe('image uploads', () => {
  it('signs a PUT that really uploads to the local S3, and the public URL serves the image', async () => {
    const t = token();
    const p = await createProduct(admin, { name: `Foto ${t}`, categoryIds: [categoryId], variants: [{ sku: `IMG-${t}`, priceCents: 100 }] });
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const signed = await api('POST', `/products/${p.id}/images`, { token: admin, body: { contentType: 'image/png', fileName: '../../etc/passwd.png', sizeBytes: png.length } });
    expect(signed.status).toBe(201);
    expect(signed.body.imageUrl).toMatch(new RegExp(`/products/${p.id}/[0-9a-z]{26}\\.png$`));
    expect(signed.body.uploadUrl).toContain('X-Amz-Signature=');
    expect(decodeURIComponent(signed.body.uploadUrl)).toMatch(/X-Amz-SignedHeaders=[^&]*content-length[^&]*content-type/);

    const upload = await fetch(signed.body.uploadUrl, { method: 'PUT', headers: signed.body.headers, body: png });
    expect(upload.status).toBe(200);
    const served = await fetch(signed.body.imageUrl);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);
  });

  it('takes the contract\'s body without sizeBytes: the signature then covers the type only (no length, no tag to send)', async () => {
    const t = token();
    const p = await createProduct(admin, { name: `Foto ${t}`, categoryIds: [categoryId], variants: [{ sku: `IM3-${t}`, priceCents: 100 }] });
    const signed = await api('POST', `/products/${p.id}/images`, { token: admin, body: { contentType: 'image/webp', fileName: 'foto.webp' } });
    expect(signed.status).toBe(201);
    expect(signed.body.imageUrl).toMatch(new RegExp(`/products/${p.id}/[0-9a-z]{26}\\.webp$`));
    expect(signed.body.headers).not.toHaveProperty('content-length');
    expect(signed.body.headers).not.toHaveProperty('x-amz-tagging');
    expect(decodeURIComponent(signed.body.uploadUrl)).toMatch(/X-Amz-SignedHeaders=content-type;host&/);
    const upload = await fetch(signed.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/webp' }, body: Buffer.from('RIFF0000WEBP', 'latin1') });
    expect(upload.status).toBe(200);
  });

  it('tags an upload unregistered until a product registers it (a lifecycle rule expires the others)', async () => {
    const t = token();
    const p = await createProduct(admin, { name: `Foto ${t}`, categoryIds: [categoryId], variants: [{ sku: `IM6-${t}`, priceCents: 100 }] });
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const signed = await api('POST', `/products/${p.id}/images`, { token: admin, body: { contentType: 'image/png', fileName: 'foto.png', sizeBytes: png.length } });
    expect(signed.status).toBe(201);
    expect(signed.body.headers).toMatchObject({ 'x-amz-tagging': 'upload=unregistered' });
    expect(decodeURIComponent(signed.body.uploadUrl)).toMatch(/X-Amz-SignedHeaders=[^&]*x-amz-tagging/);
    // (The emulator does not check SigV4: test/unit/media-signature.test.ts proves an untagged upload fails the signature.)
    expect((await fetch(signed.body.uploadUrl, { method: 'PUT', headers: signed.body.headers, body: png })).status).toBe(200);
    // S3 stores the x-amz-tagging header as the object's tags; the emulator ignores it, so the test sets them as S3 would.
    const imageUrl = signed.body.imageUrl as string;
    const tagging = `${imageUrl}?tagging`;
    await fetch(tagging, { method: 'PUT', body: '<Tagging><TagSet><Tag><Key>upload</Key><Value>unregistered</Value></Tag></TagSet></Tagging>' });
    const tags = async () => (await (await fetch(tagging)).text()).match(/<Key>[^<]*<\/Key>\s*<Value>[^<]*<\/Value>/g) ?? [];
    expect(await tags()).toEqual(['<Key>upload</Key><Value>unregistered</Value>']);

    const put = await api('PUT', `/products/${p.id}`, {
      token: admin, body: { name: `Foto ${t}`, description: 'x', categoryIds: [categoryId], images: [imageUrl], status: 'active', variants: [{ sku: `IM6-${t}`, priceCents: 100 }] },
    });
    expect(put.status).toBe(200);
    expect(await tags()).toEqual([]);
  });

  it('registers an uploaded image only if it is one: a non-image or a missing object is 400 on images.<i>', async () => {
    const t = token();
    const p = await createProduct(admin, { name: `Foto ${t}`, categoryIds: [categoryId], variants: [{ sku: `IM4-${t}`, priceCents: 100 }] });
    const upload = async (bytes: Buffer) => {
      const signed = (await api('POST', `/products/${p.id}/images`, { token: admin, body: { contentType: 'image/png', fileName: 'foto.png', sizeBytes: bytes.length } })).body;
      expect((await fetch(signed.uploadUrl, { method: 'PUT', headers: signed.headers, body: bytes })).status).toBe(200);
      return signed.imageUrl as string;
    };
    const real = await upload(Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));
    const fake = await upload(Buffer.from('<script>alert(1)</script> not a png at all', 'utf8'));
    const never = real.replace(/[0-9a-z]{26}\.png$/, '01jzzzzzzzzzzzzzzzzzzzzzzz.png');
    const put = (images: string[]) => api('PUT', `/products/${p.id}`, {
      token: admin, body: { name: `Foto ${t}`, description: 'x', categoryIds: [categoryId], images, status: 'active', variants: [{ sku: `IM4-${t}`, priceCents: 100 }] },
    });

    const refused = await put(['https://cdn.example.com/outra.jpg', fake, never]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      { field: 'images.1', message: 'the uploaded file is not a JPEG, PNG or WebP image' },
      { field: 'images.2', message: 'nothing was uploaded at this URL' },
    ]);
    const accepted = await put(['https://cdn.example.com/outra.jpg', real]);
    expect(accepted.status).toBe(200);
    expect(accepted.body.images).toEqual(['https://cdn.example.com/outra.jpg', real]);
    const created = await api('POST', '/products', {
      token: admin, body: { name: `Outra ${t}`, description: 'x', categoryIds: [categoryId], images: [fake], variants: [{ sku: `IM5-${t}`, priceCents: 100 }] },
    });
    expect(created.status).toBe(400);
    expect(created.body.error.details[0].field).toBe('images.0');
  });

  it.each([
    [{ contentType: 'image/gif', fileName: 'a.gif', sizeBytes: 10 }, 'contentType'],
    [{ contentType: 'text/html', fileName: 'a.html', sizeBytes: 10 }, 'contentType'],
    [{ contentType: 'image/jpeg', fileName: 'a.jpg', sizeBytes: 5 * 1024 * 1024 + 1 }, 'sizeBytes'],
  ])('refuses %j (400 on %s)', async (body, field) => {
    const t = token();
    const p = await createProduct(admin, { name: `Foto ${t}`, categoryIds: [categoryId], variants: [{ sku: `IM2-${t}`, priceCents: 100 }] });
    const response = await api('POST', `/products/${p.id}/images`, { token: admin, body });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe(field);
  });

  it('is 404 for an unknown product', async () => {
    expect((await api('POST', '/products/nope/images', { token: admin, body: { contentType: 'image/png', fileName: 'a.png', sizeBytes: 10 } })).status).toBe(404);
  });
});
