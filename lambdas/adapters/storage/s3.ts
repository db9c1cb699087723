import { createHash } from 'node:crypto';
import { AwsServiceError, type AwsAnswer, awsFetch, signer } from '#adapters/aws-call.js';
import { awsEndpoint, requireEnv } from '#shared/config.js';

/**
 * The S3 operations the functions use (PutObject, GetObject, HeadObject, PutObjectTagging and
 * pre-signed GET/PUT URLs) as signed HTTPS calls (#adapters/aws-call.js), not the S3 client: with its XML protocol,
 * checksums and S3-specific middleware it put ~170 KB in every function that touches a bucket.
 * Addresses are virtual-hosted in AWS and path-style against the local emulator (S3_ENDPOINT), as
 * the client was configured; no checksums beyond SigV4's payload hash (the client's
 * `WHEN_REQUIRED`), except the Content-MD5 that PutObjectTagging requires.
 */
const endpoint = awsEndpoint('S3');

/** A key's path, each segment encoded as the SDK does (encodeURIComponent plus `!'()*`). */
const encodeKey = (key: string) =>
  key.split('/').map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');

function objectUrl(bucket: string, key: string, subresource?: 'tagging'): URL {
  const url = endpoint
    ? new URL(`${endpoint.replace(/\/+$/, '')}/${bucket}/${encodeKey(key)}`)
    : new URL(`https://${bucket}.s3.${requireEnv('AWS_REGION')}.amazonaws.com/${encodeKey(key)}`);
  if (subresource) url.search = subresource;
  return url;
}

/** S3's XML error (`<Code>NoSuchKey</Code>`); a HEAD has no body, so its 404 is `NotFound` (as in the SDK). */
function s3Error(answer: AwsAnswer): AwsServiceError {
  const xml = Buffer.from(answer.bytes).toString('utf8');
  const code = /<Code>([^<]+)<\/Code>/.exec(xml)?.[1] ?? (answer.status === 404 ? 'NotFound' : `Http${answer.status}`);
  return new AwsServiceError(code, /<Message>([^<]*)<\/Message>/.exec(xml)?.[1] ?? code, answer.status);
}

const send = (method: 'GET' | 'HEAD' | 'PUT' | 'DELETE', bucket: string, key: string, headers: Record<string, string> = {}, body?: string | Uint8Array, subresource?: 'tagging') =>
  awsFetch({ service: 's3', url: objectUrl(bucket, key, subresource), method, headers, body }, s3Error);

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const s3 = {
  /** `headers`: more of the object's metadata, e.g. `content-disposition`. */
  async putObject(bucket: string, key: string, body: string | Uint8Array, contentType: string, headers: Record<string, string> = {}): Promise<void> {
    await send('PUT', bucket, key, { ...headers, 'content-type': contentType }, body);
  },

  /** The object's bytes, or the first ones with `range` (`bytes=0-15`). Throws `NoSuchKey` when missing. */
  async getObject(bucket: string, key: string, range?: string): Promise<Uint8Array> {
    return (await send('GET', bucket, key, range ? { range } : {})).bytes;
  },

  /** Deletes the object (S3 answers 204 whether it existed or not). */
  async deleteObject(bucket: string, key: string): Promise<void> {
    await send('DELETE', bucket, key);
  },

  /** The object's size. Throws `NotFound` when missing. */
  async headObject(bucket: string, key: string): Promise<{ contentLength: number }> {
    const answer = await send('HEAD', bucket, key);
    return { contentLength: Number(answer.headers.get('content-length') ?? 0) };
  },

  /** Replaces the object's tags (`{}` removes them all). S3 requires the body's Content-MD5. Throws `NoSuchKey` when missing. */
  async putObjectTagging(bucket: string, key: string, tags: Record<string, string>): Promise<void> {
    const set = Object.entries(tags).map(([k, v]) => `<Tag><Key>${xmlText(k)}</Key><Value>${xmlText(v)}</Value></Tag>`).join('');
    const body = `<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>${set}</TagSet></Tagging>`;
    const md5 = createHash('md5').update(body).digest('base64');
    await send('PUT', bucket, key, { 'content-type': 'application/xml', 'content-md5': md5 }, body, 'tagging');
  },

  /**
   * A pre-signed URL, as @aws-sdk/s3-request-presigner makes it: unsigned payload, the request's
   * headers signed except Content-Type and Cache-Control unless listed in `signableHeaders` (which stay
   * headers: never hoisted into the query).
   */
  async presign(method: 'GET' | 'PUT', bucket: string, key: string, options: { expiresIn: number; headers?: Record<string, string>; signableHeaders?: ReadonlySet<string> }): Promise<string> {
    const url = objectUrl(bucket, key);
    const signed = await signer('s3', requireEnv('AWS_REGION')).presign(
      {
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: { 'x-id': method === 'GET' ? 'GetObject' : 'PutObject' },
        headers: { ...options.headers, host: url.host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      },
      {
        expiresIn: options.expiresIn,
        unsignableHeaders: new Set(['content-type']),
        signableHeaders: options.signableHeaders ? new Set(options.signableHeaders) : undefined,
        // A listed x-amz-* header stays a header the client must send: S3 ignores x-amz-tagging hoisted into the query.
        unhoistableHeaders: options.signableHeaders ? new Set(options.signableHeaders) : undefined,
      },
    );
    const out = new URL(url);
    for (const [name, value] of Object.entries(signed.query ?? {})) out.searchParams.set(name, String(value));
    return out.toString();
  },
};
