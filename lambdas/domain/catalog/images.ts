/**
 * Images registered on a product from our own media bucket are checked for what they really are:
 * a pre-signed PUT without a signed length cannot stop a large or non-image upload (the contract's
 * upload body has no size), so the object is inspected when a product first points at it.
 */
import { ValidationError } from '#shared/errors.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** What the media store says of an image URL: not ours (another host), missing, or its size and first bytes. */
export type StoredImage = { kind: 'external' } | { kind: 'missing' } | { kind: 'stored'; sizeBytes: number; head: Uint8Array };

export interface MediaInspector {
  inspect(url: string): Promise<StoredImage>;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The image format its magic bytes announce (JPEG, PNG, WebP: what uploads accept), if any. */
export function imageTypeOf(head: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  return undefined;
}

/**
 * Refuses (400, naming `images.<i>`) an image of ours that is missing, too large or not an image.
 * `checked`: URLs registered before (and checked then), not inspected again.
 */
export async function assertStoredImages(media: MediaInspector, images: readonly string[], checked: readonly string[] = []): Promise<void> {
  const found = await Promise.all(images.map((url): Promise<StoredImage> => (checked.includes(url) ? Promise.resolve({ kind: 'external' }) : media.inspect(url))));
  const problems = found.flatMap((image, i) => {
    const field = `images.${i}`;
    if (image.kind === 'missing') return [{ field, message: 'nothing was uploaded at this URL' }];
    if (image.kind === 'stored' && image.sizeBytes > MAX_IMAGE_BYTES) return [{ field, message: 'images are at most 5 MiB' }];
    if (image.kind === 'stored' && !imageTypeOf(image.head)) return [{ field, message: 'the uploaded file is not a JPEG, PNG or WebP image' }];
    return [];
  });
  if (problems.length) throw new ValidationError('Invalid product images', problems);
}
