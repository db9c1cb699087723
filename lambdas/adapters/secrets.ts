import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { optionalEnv, requireEnv } from '#shared/config.js';

/**
 * GetSecretValue as one signed HTTPS call (Secrets Manager's JSON protocol), without the Secrets
 * Manager client: the functions that need a carrier's credentials are DynamoDB-only functions near
 * the 300 KB bundle target, and the SigV4 signer is already in their bundle (the DynamoDB client's).
 * Credentials and region are the Lambda runtime's environment; SECRETSMANAGER_ENDPOINT points it
 * elsewhere (tests).
 */

/** node:crypto behind the hash interface SigV4 takes (what @smithy/hash-node does). */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export async function getSecretString(secretId: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const region = requireEnv('AWS_REGION');
  const endpoint = new URL(optionalEnv('SECRETSMANAGER_ENDPOINT') ?? `https://secretsmanager.${region}.amazonaws.com/`);
  const sessionToken = optionalEnv('AWS_SESSION_TOKEN');
  const signer = new SignatureV4({
    service: 'secretsmanager',
    region,
    credentials: { accessKeyId: requireEnv('AWS_ACCESS_KEY_ID'), secretAccessKey: requireEnv('AWS_SECRET_ACCESS_KEY'), ...(sessionToken ? { sessionToken } : {}) },
    sha256: NodeSha256,
  });
  const body = JSON.stringify({ SecretId: secretId });
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    path: endpoint.pathname,
    query: {},
    headers: { host: endpoint.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' },
    body,
  });
  const response = await fetchImpl(endpoint, { method: 'POST', headers: signed.headers, body, signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`GetSecretValue ${secretId} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  const secret = (JSON.parse(text) as { SecretString?: unknown }).SecretString;
  if (typeof secret !== 'string') throw new Error(`Secret ${secretId} has no SecretString`);
  return secret;
}
