/**
 * Images registered on a product from our own media bucket are checked for what they really are:
 * the pre-signed PUT signs the declared type and length, but the bytes can still be anything of that
 * length, so the object is inspected when a product first points at it. Then it is kept: every upload
 * is tagged unregistered (the upload URL signs the tag) and a lifecycle rule of the media bucket
 * expires what still carries the tag a day later, so uploads no product registers do not pile up.
 */
import { ValidationError } from '#shared/errors.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** What the media store says of an image URL: not ours (another host), missing, or its size and first bytes. */
export type StoredImage = { kind: 'external' } | { kind: 'missing' } | { kind: 'stored'; sizeBytes: number; head: Uint8Array };

/** The tag every upload carries until a product registers it (the media bucket's lifecycle rule expires those). */
export const UNREGISTERED_UPLOAD_TAG = { key: 'upload', value: 'unregistered' } as const;

export interface MediaInspector {
  inspect(url: string): Promise<StoredImage>;
  /** Removes the unregistered tag of one of our uploads, so the lifecycle rule never expires it. */
  keep(url: string): Promise<void>;
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
 * Refuses (400, naming `images.<i>`) an image of ours that is missing, too large or not an image, and
 * keeps the others of ours (before the product is written: a product never points at an object the
 * lifecycle rule may still expire). `checked`: URLs registered before (and kept then), left alone.
 */
export async function registerStoredImages(media: MediaInspector, images: readonly string[], checked: readonly string[] = []): Promise<void> {
  const found = await Promise.all(images.map((url): Promise<StoredImage> => (checked.includes(url) ? Promise.resolve({ kind: 'external' }) : media.inspect(url))));
  const problems = found.flatMap((image, i) => {
    const field = `images.${i}`;
    if (image.kind === 'missing') return [{ field, message: 'nothing was uploaded at this URL' }];
    if (image.kind === 'stored' && image.sizeBytes > MAX_IMAGE_BYTES) return [{ field, message: 'images are at most 5 MiB' }];
    if (image.kind === 'stored' && !imageTypeOf(image.head)) return [{ field, message: 'the uploaded file is not a JPEG, PNG or WebP image' }];
    return [];
  });
  if (problems.length) throw new ValidationError('Invalid product images', problems);
  await Promise.all(images.filter((_url, i) => found[i].kind === 'stored').map((url) => media.keep(url)));
}
