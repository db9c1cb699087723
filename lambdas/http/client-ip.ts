const SOURCES = ['source-ip', 'cloudfront', 'x-forwarded-for'] as const;
export type ClientIpSource = (typeof SOURCES)[number];

/** `CLIENT_IP_SOURCE`: where this deployment can read the client's IP (default `source-ip`). */
export function clientIpSource(value: string | undefined): ClientIpSource {
  const source = value ?? 'source-ip';
  if (!(SOURCES as readonly string[]).includes(source)) throw new Error(`CLIENT_IP_SOURCE must be one of ${SOURCES.join(', ')}, not ${source}`);
  return source as ClientIpSource;
}

/**
 * The client's IP from the one source the deployment can trust. Never a header the client can
 * write: CloudFront and API Gateway *append* to X-Forwarded-For, so its first entries are whatever
 * the client sent.
 * - `source-ip` (the API is called directly): API Gateway's `sourceIp`, the TCP peer.
 * - `cloudfront` (the API behind CloudFront): the `CloudFront-Viewer-Address` header (`ip:port`,
 *   added by the origin request policy), since `sourceIp` is then the edge's address.
 * - `x-forwarded-for` (the local stack only, where tests and benchmarks play thousands of clients
 *   from one machine): the first entry.
 */
export function clientIpFrom(source: ClientIpSource, headers: Readonly<Record<string, string | undefined>>, sourceIp: string): string {
  if (source === 'cloudfront') {
    const viewer = headers['cloudfront-viewer-address'];
    return viewer?.includes(':') ? viewer.slice(0, viewer.lastIndexOf(':')) : sourceIp;
  }
  if (source === 'x-forwarded-for') return headers['x-forwarded-for']?.split(',')[0]?.trim() || sourceIp;
  return sourceIp;
}
