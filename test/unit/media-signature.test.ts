/**
 * The upload URL's signature must cover Content-Type, Content-Length and the unregistered tag, so S3
 * refuses an upload of another type or size, or one without the tag. (The local S3 emulator does not check SigV4, so this is
 * proven here by recomputing signatures.)
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: unknown) {
    this.hash = secret ? createHmac('sha256', secret as string | Uint8Array) : createHash('sha256');
  }
  update(data: unknown): void {
    this.hash.update(data as string | Uint8Array);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

process.env.MEDIA_BUCKET = 'media-bucket';
process.env.MEDIA_BASE_URL = 'https://cdn.example.com';
process.env.AWS_REGION = 'sa-east-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

async function resign(url: URL, headers: Record<string, string>): Promise<string> {
  const signer = new SignatureV4({
    service: 's3', region: 'sa-east-1', sha256: Sha256, uriEscapePath: false, applyChecksum: false,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  });
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (k !== 'X-Amz-Signature') query[k] = v;
  const date = query['X-Amz-Date'];
  const signed = await signer.presign(
    { method: 'PUT', protocol: url.protocol, hostname: url.hostname, path: url.pathname, query, headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers } },
    {
      signingDate: new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`),
      expiresIn: Number(query['X-Amz-Expires']),
      signableHeaders: new Set(['content-type', 'content-length', 'x-amz-tagging']),
      unsignableHeaders: new Set(['x-amz-content-sha256']),
      unhoistableHeaders: new Set(['x-amz-content-sha256', 'x-amz-tagging']),
    },
  );
  return signed.query?.['X-Amz-Signature'] as string;
}

describe('pre-signed image upload', () => {
  it('signs content-type, content-length and the unregistered tag: only the declared type and size, tagged, verify', async () => {
    const { presignImageUpload } = await import('#adapters/storage/media.js');
    const result = await presignImageUpload('products/p1/abc.png', 'image/png', 1234);
    const url = new URL(result.uploadUrl);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host;x-amz-tagging');
    expect(result.imageUrl).toBe('https://cdn.example.com/products/p1/abc.png');
    expect(result.headers).toEqual({
      'content-type': 'image/png', 'content-length': '1234', 'x-amz-tagging': 'upload=unregistered', 'cache-control': 'public, max-age=31536000, immutable',
    });

    const given = url.searchParams.get('X-Amz-Signature');
    const tagged = { 'x-amz-tagging': 'upload=unregistered' };
    expect(await resign(url, { 'content-type': 'image/png', 'content-length': '1234', ...tagged })).toBe(given);
    expect(await resign(url, { 'content-type': 'text/html', 'content-length': '1234', ...tagged })).not.toBe(given);
    expect(await resign(url, { 'content-type': 'image/png', 'content-length': '99999999', ...tagged })).not.toBe(given);
    expect(await resign(url, { 'content-type': 'image/png', 'content-length': '1234' })).not.toBe(given);
  });

  it('signs the type only for the contract\'s body without a size: a plain PUT with its Content-Type verifies', async () => {
    const { presignImageUpload } = await import('#adapters/storage/media.js');
    const result = await presignImageUpload('products/p1/abc.webp', 'image/webp');
    const url = new URL(result.uploadUrl);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(result.headers).toEqual({ 'content-type': 'image/webp', 'cache-control': 'public, max-age=31536000, immutable' });
    const given = url.searchParams.get('X-Amz-Signature');
    expect(await resign(url, { 'content-type': 'image/webp' })).toBe(given);
    expect(await resign(url, { 'content-type': 'text/html' })).not.toBe(given);
  });
});
