import { registerStoredImages, imageTypeOf, MAX_IMAGE_BYTES, type MediaInspector, type StoredImage } from '#domain/catalog/images.js';
import { ValidationError } from '#shared/errors.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

describe('imageTypeOf', () => {
  it('reads JPEG, PNG and WebP magic bytes', () => {
    expect(imageTypeOf(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(imageTypeOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(imageTypeOf(ascii('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses anything else, including near misses', () => {
    expect(imageTypeOf(ascii('<svg xmlns='))).toBeUndefined();
    expect(imageTypeOf(ascii('GIF89a'))).toBeUndefined();
    expect(imageTypeOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a))).toBeUndefined();
    expect(imageTypeOf(ascii('RIFF\u0000\u0000\u0000\u0000WAVE'))).toBeUndefined();
    expect(imageTypeOf(bytes())).toBeUndefined();
  });
});

describe('registerStoredImages', () => {
  const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const store = (images: Record<string, StoredImage>): MediaInspector & { asked: string[]; kept: string[] } => {
    const asked: string[] = [];
    const kept: string[] = [];
    return { asked, kept, inspect: async (url) => { asked.push(url); return images[url] ?? { kind: 'external' }; }, keep: async (url) => { kept.push(url); } };
  };

  it('names every bad image by its index: missing, too large, not an image', async () => {
    const media = store({
      a: { kind: 'stored', sizeBytes: 100, head: png },
      b: { kind: 'missing' },
      c: { kind: 'stored', sizeBytes: MAX_IMAGE_BYTES + 1, head: png },
      d: { kind: 'stored', sizeBytes: 10, head: ascii('hello') },
    });
    const error = await registerStoredImages(media, ['a', 'b', 'c', 'd', 'https://elsewhere/x.jpg']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.map((d) => d.field)).toEqual(['images.1', 'images.2', 'images.3']);
    expect(media.kept).toEqual([]);
  });

  it('accepts images of ours that are images, and other hosts\' URLs; keeps only the new ones of ours; does not inspect what was checked before', async () => {
    const media = store({ a: { kind: 'stored', sizeBytes: MAX_IMAGE_BYTES, head: png }, old: { kind: 'missing' } });
    await expect(registerStoredImages(media, ['a', 'https://elsewhere/x.jpg', 'old'], ['old'])).resolves.toBeUndefined();
    expect(media.asked).toEqual(['a', 'https://elsewhere/x.jpg']);
    expect(media.kept).toEqual(['a']);
  });
});
