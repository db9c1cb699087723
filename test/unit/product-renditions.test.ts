import sharp from 'sharp';
import { productOfUploadKey, renderSource, renderUpload, type ImagePipelineDeps, type MediaObjects } from '#domain/catalog/image-pipeline.js';
import {
  assertSourceBytes, assertSourceInfo, chooseRenditions, type EncodedImage, type ImageSetRecord, type ImageSetRepository, imageSetOf, MAX_SOURCE_PIXELS,
  planWidths, renditionKey,
} from '#domain/catalog/renditions.js';
import { sharpProcessor } from '#adapters/imaging/sharp.js';
import { ValidationError } from '#shared/errors.js';
import { bandColour, pngBomb, sidewaysJpeg, textFile } from '../helpers/images.js';

const encoded = (format: EncodedImage['format'], width: number, bytes: number): EncodedImage => ({ format, width, height: width, data: new Uint8Array(bytes) });

describe('rendition planning', () => {
  it('makes each contract width the source can fill, and the source width when it is narrower than the next', () => {
    expect(planWidths(4000)).toEqual([160, 480, 1200]);
    expect(planWidths(1200)).toEqual([160, 480, 1200]);
    expect(planWidths(700)).toEqual([160, 480, 700]);
    expect(planWidths(480)).toEqual([160, 480]);
    expect(planWidths(100)).toEqual([100]);
  });

  it('keeps AVIF only where it is smaller than the WebP of the same width; WebP and JPEG always', () => {
    const kept = chooseRenditions([
      encoded('avif', 160, 900), encoded('webp', 160, 800), encoded('jpeg', 160, 1000),
      encoded('avif', 480, 3000), encoded('webp', 480, 4000), encoded('jpeg', 480, 6000),
    ]);
    expect(kept.map((e) => `${e.format}@${e.width}`)).toEqual(['webp@160', 'jpeg@160', 'avif@480', 'webp@480', 'jpeg@480']);
  });

  it('content-addresses renditions under renditions/ (never under the uploads prefix that triggers the pipeline)', () => {
    expect(renditionKey('P1', 'ab'.repeat(32), 480, 'webp')).toBe(`renditions/P1/${'ab'.repeat(16)}/480.webp`);
    expect(renditionKey('P1', 'ab'.repeat(32), 160, 'jpeg')).toMatch(/\/160\.jpg$/);
  });

  it('reads the product from an upload key, and nothing from other keys', () => {
    expect(productOfUploadKey('products/01HZX/01jc8b7y7f5m8r6s3k2v1w0xyz.jpg')).toBe('01HZX');
    expect(productOfUploadKey('renditions/01HZX/abc/480.webp')).toBeUndefined();
    expect(productOfUploadKey('products/01HZX/../x.jpg')).toBeUndefined();
    expect(productOfUploadKey('products/01HZX/01jc8b7y7f5m8r6s3k2v1w0xyz.gif')).toBeUndefined();
  });

  it('gives imageSet in the order of the product images, leaving out images without renditions and sets of removed images', () => {
    const set = (original: string): ImageSetRecord => ({
      productId: 'P', original, width: 800, height: 600, sourceHash: 'h', createdAt: 't',
      renditions: [{ url: `${original}-480.webp`, width: 480, height: 360, format: 'webp', bytes: 1 }, { url: `${original}-160.webp`, width: 160, height: 120, format: 'webp', bytes: 1 }],
    });
    const result = imageSetOf(['b', 'a', 'c'], [set('a'), set('b'), set('gone')]);
    expect(result.map((s) => s.original)).toEqual(['b', 'a']);
    expect(result[0].renditions.map((r) => r.width)).toEqual([160, 480]);
    expect(result[0].renditions[0]).not.toHaveProperty('bytes');
  });
});

describe('source validation', () => {
  it('refuses an upload whose bytes are not a JPEG, PNG or WebP, whatever its name or declared type', () => {
    expect(() => assertSourceBytes(textFile(), false)).toThrow(ValidationError);
    expect(() => assertSourceBytes(new Uint8Array(6 * 1024 * 1024).fill(0xff), false)).toThrow(/at most/);
  });

  it('refuses too many pixels, no pixels and formats that are not photos', () => {
    expect(() => assertSourceInfo({ format: 'png', width: 20_000, height: 20_000 })).toThrow(/over 40000000 pixels/);
    expect(() => assertSourceInfo({ format: 'svg', width: 100, height: 100 })).toThrow(/svg images are not accepted/);
    expect(() => assertSourceInfo({ format: 'jpeg', width: 0, height: 10 })).toThrow(ValidationError);
    expect(() => assertSourceInfo({ format: 'jpeg', width: 8000, height: 5000 })).not.toThrow();
    expect(8000 * 5000).toBeLessThanOrEqual(MAX_SOURCE_PIXELS);
  });
});

describe('the sharp processor', () => {
  it('renders an EXIF-rotated JPEG upright, at the planned widths, in every format, with no metadata left', async () => {
    const source = await sidewaysJpeg(1600, 1000);
    const info = await sharpProcessor.probe(source);
    expect(info).toEqual({ format: 'jpeg', width: 1000, height: 1600 });
    const out = await sharpProcessor.render(source, planWidths(info.width), ['avif', 'webp', 'jpeg']);
    expect(out.map((e) => `${e.format}@${e.width}x${e.height}`)).toEqual([
      'avif@160x256', 'webp@160x256', 'jpeg@160x256', 'avif@480x768', 'webp@480x768', 'jpeg@480x768', 'avif@1000x1600', 'webp@1000x1600', 'jpeg@1000x1600',
    ]);
    for (const e of out) {
      const meta = await sharp(e.data).metadata();
      expect({ format: meta.format === 'heif' ? 'avif' : meta.format, width: meta.width, height: meta.height }).toEqual({ format: e.format, width: e.width, height: e.height });
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(Buffer.from(e.data).includes('FixtureCam')).toBe(false);
    }
    // Upright: red on top, blue at the bottom (the stored picture has them left and right).
    const webp = out.find((e) => e.format === 'webp' && e.width === 480) as EncodedImage;
    const top = await bandColour(webp.data, 0.05, 0.4);
    const bottom = await bandColour(webp.data, 0.6, 0.95);
    expect(top.r).toBeGreaterThan(200);
    expect(top.b).toBeLessThan(50);
    expect(bottom.b).toBeGreaterThan(200);
    expect(bottom.r).toBeLessThan(50);
    // Smaller than the source at the source's own width.
    expect(webp.data.byteLength).toBeLessThan(source.byteLength);
  });

  it('reads a decompression bomb\'s size from its header without decoding it, and refuses to decode it', async () => {
    const bomb = pngBomb(20_000);
    expect(bomb.byteLength).toBeLessThan(100_000);
    const info = await sharpProcessor.probe(bomb);
    expect(info).toMatchObject({ format: 'png', width: 20_000, height: 20_000 });
    await expect(sharpProcessor.render(bomb, [160], ['webp'])).rejects.toThrow(ValidationError);
  });

  it('refuses what is not an image', async () => {
    await expect(sharpProcessor.probe(textFile())).rejects.toThrow(ValidationError);
  });
});

describe('renderSource / renderUpload', () => {
  const fakes = () => {
    const objects = new Map<string, { data: Uint8Array; contentType: string; cacheControl: string }>();
    const sets = new Map<string, ImageSetRecord>();
    const reads: string[] = [];
    const media: MediaObjects = {
      sizeOf: async (key) => objects.get(key)?.data.byteLength,
      remove: async (key) => {
        objects.delete(key);
      },
      read: async (key) => {
        reads.push(key);
        return objects.get(key)?.data;
      },
      write: async (key, data, contentType, cacheControl) => {
        objects.set(key, { data, contentType, cacheControl });
        return `https://media.example/${key}`;
      },
      urlOf: (key) => `https://media.example/${key}`,
    };
    const imageSets: ImageSetRepository = {
      get: async (productId, original) => sets.get(`${productId} ${original}`),
      put: async (set) => {
        sets.set(`${set.productId} ${set.original}`, set);
      },
      listForProduct: async (productId) => [...sets.values()].filter((s) => s.productId === productId),
    };
    const products = new Set(['P1']);
    const deps: ImagePipelineDeps = {
      processor: sharpProcessor, media, imageSets,
      catalog: { getProduct: async (id) => (products.has(id) ? ({} as never) : undefined) },
      now: () => new Date('2026-01-01T00:00:00Z'),
    };
    return { deps, objects, sets, products, reads };
  };
  const KEY = 'products/P1/01jc8b7y7f5m8r6s3k2v1w0xyz.jpg';

  it('records an upload\'s renditions, each written with its type and a year of immutable caching', async () => {
    const { deps, objects } = fakes();
    objects.set(KEY, { data: await sidewaysJpeg(1600, 1000), contentType: 'image/jpeg', cacheControl: '' });
    const result = await renderUpload(deps, KEY);
    expect(result.kind).toBe('recorded');
    const set = (result as { set: ImageSetRecord }).set;
    expect(set).toMatchObject({ productId: 'P1', original: `https://media.example/${KEY}`, width: 1000, height: 1600 });
    expect(new Set(set.renditions.map((r) => r.width))).toEqual(new Set([160, 480, 1000]));
    expect(set.renditions.filter((r) => r.format === 'webp')).toHaveLength(3);
    expect(set.renditions.filter((r) => r.format === 'jpeg')).toHaveLength(3);
    for (const r of set.renditions) {
      const key = r.url.replace('https://media.example/', '');
      expect(key.startsWith('renditions/P1/')).toBe(true);
      expect(objects.get(key)).toMatchObject({ contentType: `image/${r.format}`, cacheControl: 'public, max-age=31536000, immutable' });
    }
  });

  it('deletes an upload over 5 MiB without reading it (a URL signed without a length lets one in); 5 MiB exactly is rendered', async () => {
    const { deps, objects, sets, reads } = fakes();
    objects.set(KEY, { data: new Uint8Array(5 * 1024 * 1024 + 1), contentType: 'image/jpeg', cacheControl: '' });
    expect(await renderUpload(deps, KEY)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/over 5242880: deleted/) });
    expect(objects.has(KEY)).toBe(false);
    expect(reads).toEqual([]);
    expect(sets.size).toBe(0);
    objects.set(KEY, { data: new Uint8Array(5 * 1024 * 1024), contentType: 'image/jpeg', cacheControl: '' });
    expect(await renderUpload(deps, KEY)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/not a JPEG, PNG or WebP/) });
    expect(objects.has(KEY)).toBe(true);
    expect(reads).toEqual([KEY]);
  });

  it('does not render the same bytes twice (a redelivered event)', async () => {
    const { deps, objects } = fakes();
    objects.set(KEY, { data: await sidewaysJpeg(400, 300), contentType: 'image/jpeg', cacheControl: '' });
    expect((await renderUpload(deps, KEY)).kind).toBe('recorded');
    const written = objects.size;
    expect(await renderUpload(deps, KEY)).toEqual({ kind: 'unchanged' });
    expect(objects.size).toBe(written);
  });

  it('refuses a text file renamed .jpg, a bomb, a gone product and a key that is not an upload, writing nothing', async () => {
    const { deps, objects, sets } = fakes();
    objects.set(KEY, { data: textFile(), contentType: 'image/jpeg', cacheControl: '' });
    expect(await renderUpload(deps, KEY)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/not a JPEG, PNG or WebP/) });
    expect(await renderSource(deps, { productId: 'P1', original: 'https://shop.example/bomb.png', source: pngBomb(), fetched: true }))
      .toMatchObject({ kind: 'refused', reason: expect.stringMatching(/pixels/) });
    expect(await renderSource(deps, { productId: 'GONE', original: 'x', source: await sidewaysJpeg(100, 80), fetched: false })).toMatchObject({ kind: 'refused' });
    expect(await renderUpload(deps, 'renditions/P1/abc/160.webp')).toMatchObject({ kind: 'refused' });
    expect([...objects.keys()]).toEqual([KEY]);
    expect(sets.size).toBe(0);
  });
});
